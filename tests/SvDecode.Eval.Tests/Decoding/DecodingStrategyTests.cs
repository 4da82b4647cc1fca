using SvDecode.Eval.Decoding;
using SvDecode.Eval.Tests.Models;
using Xunit;
using static TorchSharp.torch;

namespace SvDecode.Eval.Tests.Decoding;

public sealed class DecodingStrategyTests
{
    private static readonly int[] Prompt = [6, 21, 44, 2];

    [Fact]
    public void SamplingIsSeededAndRespectsTopK()
    {
        using var folder = new TinyModelFolder(TinyModelFolder.LlamaConfig);
        using var model = folder.Load();
        using var session = new ModelLogitsSession(model);
        var options = new GenerationOptions { Strategy = DecodingStrategy.Sample, MaxNewTokens = 12, Temperature = 1.5, TopK = 3, Seed = 7 };
        var a = TokenGenerator.Generate(session, [Prompt, Prompt], options)[0].TokenIds;
        var b = TokenGenerator.Generate(session, [Prompt, Prompt], options)[0].TokenIds;
        Assert.Equal(a, b);
        var seeds = Enumerable.Range(0, 6).Select(s => string.Join(",", TokenGenerator.Generate(session, [Prompt], options with { Seed = s })[0].TokenIds));
        Assert.True(seeds.Distinct().Count() > 1, "different seeds should give different samples at temperature 1.5");

        var logits = ReferenceChecker.FullForward(model, [Prompt.Concat(a).ToArray()], left: true)[0];
        for (var j = 0; j < a.Count; j++)
        {
            var row = logits[Prompt.Length - 1 + j];
            var rank = row.Count(x => x > row[a[j]]);
            Assert.True(rank < 3, $"token {j} has rank {rank}, outside top-k 3");
        }
    }

    [Fact]
    public void SamplingWithTopKOneOrTinyTopPIsGreedy()
    {
        using var folder = new TinyModelFolder(TinyModelFolder.Qwen2Config);
        using var model = folder.Load();
        using var session = new ModelLogitsSession(model);
        var greedy = TokenGenerator.Generate(session, [Prompt], new GenerationOptions { MaxNewTokens = 8 })[0].TokenIds;
        var topK = TokenGenerator.Generate(session, [Prompt], new GenerationOptions { Strategy = DecodingStrategy.Sample, MaxNewTokens = 8, TopK = 1, Seed = 3 })[0].TokenIds;
        var topP = TokenGenerator.Generate(session, [Prompt], new GenerationOptions { Strategy = DecodingStrategy.Sample, MaxNewTokens = 8, TopP = 1e-6, Seed = 3 })[0].TokenIds;
        Assert.Equal(greedy, topK);
        Assert.Equal(greedy, topP);
    }

    [Fact]
    public void BeamSearchWithOneBeamIsGreedy()
    {
        using var folder = new TinyModelFolder(TinyModelFolder.Gpt2Config);
        using var model = folder.Load();
        using var session = new ModelLogitsSession(model);
        var greedy = TokenGenerator.Generate(session, [Prompt], new GenerationOptions { MaxNewTokens = 6 })[0].TokenIds;
        var beam = TokenGenerator.Generate(session, [Prompt], new GenerationOptions { Strategy = DecodingStrategy.Beam, NumBeams = 1, MaxNewTokens = 6 })[0].TokenIds;
        Assert.Equal(greedy, beam);
    }

    [Fact]
    public void FullWidthBeamSearchFindsTheBestTwoTokenContinuation()
    {
        using var folder = new TinyModelFolder(TinyModelFolder.LlamaConfig);
        using var model = folder.Load();
        var vocab = model.Config.VocabSize;
        // Exhaustive: log p(t1 | prompt) + log p(t2 | prompt, t1) over all vocab² pairs.
        var first = LogSoftmax(ReferenceChecker.FullForward(model, [Prompt], left: true)[0][^1]);
        var extended = ReferenceChecker.FullForward(model, Enumerable.Range(0, vocab).Select(t => (IReadOnlyList<int>)[.. Prompt, t]).ToList(), left: true);
        var best = (Score: double.NegativeInfinity, T1: -1, T2: -1);
        for (var t1 = 0; t1 < vocab; t1++)
        {
            var second = LogSoftmax(extended[t1][^1]);
            for (var t2 = 0; t2 < vocab; t2++)
            {
                if (first[t1] + second[t2] > best.Score)
                {
                    best = (first[t1] + second[t2], t1, t2);
                }
            }
        }
        using var session = new ModelLogitsSession(model);
        var beam = TokenGenerator.Generate(session, [Prompt], new GenerationOptions { Strategy = DecodingStrategy.Beam, NumBeams = vocab, MaxNewTokens = 2 })[0];
        Assert.Equal([best.T1, best.T2], beam.TokenIds);
    }

    [Fact]
    public void StopTokenAndStopStringEndGeneration()
    {
        using var folder = new TinyModelFolder(TinyModelFolder.LlamaConfig);
        using var model = folder.Load();
        using var session = new ModelLogitsSession(model);
        var free = TokenGenerator.Generate(session, [Prompt], new GenerationOptions { MaxNewTokens = 6 })[0];
        Assert.Equal(StopReason.MaxNewTokens, free.StopReason);

        var eos = free.TokenIds[2];
        var stopped = TokenGenerator.Generate(session, [Prompt], new GenerationOptions { MaxNewTokens = 6, StopTokenIds = [eos] })[0];
        Assert.Equal(StopReason.StopToken, stopped.StopReason);
        Assert.Equal(free.TokenIds.Take(free.TokenIds.ToList().IndexOf(eos) + 1), stopped.TokenIds);

        // Each id decodes to "<id>|"; stop at the text of the second generated token.
        static string Decode(IReadOnlyList<int> ids) => string.Concat(ids.Select(i => $"<{i}>|"));
        var marker = $"|<{free.TokenIds[1]}>";
        var byString = TokenGenerator.Generate(session, [Prompt], new GenerationOptions { MaxNewTokens = 6, StopStrings = [marker] }, Decode)[0];
        Assert.Equal(StopReason.StopString, byString.StopReason);
        Assert.Equal(free.TokenIds.Take(2), byString.TokenIds);
        Assert.Equal($"<{free.TokenIds[0]}>", byString.Text);
    }

    private static double[] LogSoftmax(float[] row)
    {
        var max = row.Max();
        var logZ = max + Math.Log(row.Sum(x => Math.Exp(x - max)));
        return row.Select(x => x - logZ).ToArray();
    }
}

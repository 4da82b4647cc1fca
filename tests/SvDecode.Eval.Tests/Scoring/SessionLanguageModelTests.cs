using SvDecode.Eval.Decoding;
using SvDecode.Eval.Scoring;
using SvDecode.Eval.Tests.Models;
using Xunit;

namespace SvDecode.Eval.Tests.Scoring;

public sealed class SessionLanguageModelTests
{
    [Theory]
    [MemberData(nameof(ModelInvariantTests.Configs), MemberType = typeof(ModelInvariantTests))]
    public void SharedContextScoringEqualsSeparateScoringAndTeacherForcing(string config)
    {
        using var folder = new TinyModelFolder(config);
        using var model = folder.Load();
        var lm = new SessionLanguageModel(new ModelLogitsSessionFactory(model));
        int[] context = [9, 4, 27, 30];
        LogLikelihoodRequest[] requests =
        [
            new(context, [12]),
            new([40, 2], [5, 6, 7]),
            new(context, [33, 1, 58, 20]),
            new(context, [8, 8]),
        ];
        var together = lm.LogLikelihood(requests);
        for (var i = 0; i < requests.Length; i++)
        {
            var alone = lm.LogLikelihood([requests[i]])[0];
            Assert.Equal(alone.TokenLogProbs.Count, together[i].TokenLogProbs.Count);
            for (var j = 0; j < alone.TokenLogProbs.Count; j++)
            {
                Assert.Equal(alone.TokenLogProbs[j], together[i].TokenLogProbs[j], 1e-4);
            }

            // Independent expectation: one teacher-forced forward over ctx + cont, log_softmax in double.
            var tokens = requests[i].ContextIds.Concat(requests[i].ContinuationIds).ToArray();
            var logits = ReferenceChecker.FullForward(model, [tokens], left: true)[0];
            var greedy = true;
            for (var j = 0; j < requests[i].ContinuationIds.Count; j++)
            {
                var row = logits[requests[i].ContextIds.Count - 1 + j];
                var max = row.Max();
                var logZ = max + Math.Log(row.Sum(x => Math.Exp(x - max)));
                var target = requests[i].ContinuationIds[j];
                Assert.Equal(row[target] - logZ, together[i].TokenLogProbs[j], 1e-4);
                greedy &= ReferenceChecker.ArgMax(row) == target;
            }
            Assert.Equal(together[i].TokenLogProbs.Sum(), together[i].Sum, 1e-9);
            Assert.Equal(greedy, together[i].IsGreedy);
        }
    }

    [Fact]
    public void BatchSizeDoesNotChangeScores()
    {
        using var folder = new TinyModelFolder(TinyModelFolder.Qwen2Config);
        using var model = folder.Load();
        LogLikelihoodRequest[] requests =
        [
            new([1, 2, 3, 4, 5, 6], [7]),
            new([9], [10, 11, 12]),
            new([1, 2, 3, 4, 5, 6], [13, 14]),
            new([20, 21], [22]),
            new([9], [23]),
            new([1, 2, 3, 4, 5, 6], [24, 25, 26, 27, 28]),
            new([30, 31, 32], [33, 34]),
        ];
        var wide = new SessionLanguageModel(new ModelLogitsSessionFactory(model), maxBatchSize: 64).LogLikelihood(requests);
        foreach (var size in new[] { 1, 2, 3 })
        {
            var narrow = new SessionLanguageModel(new ModelLogitsSessionFactory(model), maxBatchSize: size).LogLikelihood(requests);
            for (var i = 0; i < requests.Length; i++)
            {
                Assert.Equal(wide[i].TokenLogProbs.Count, narrow[i].TokenLogProbs.Count);
                Assert.Equal(wide[i].Sum, narrow[i].Sum, 1e-4);
                Assert.Equal(wide[i].IsGreedy, narrow[i].IsGreedy);
            }
        }
    }

    [Fact]
    public void GreedyContinuationIsReportedAsGreedy()
    {
        using var folder = new TinyModelFolder(TinyModelFolder.LlamaConfig);
        using var model = folder.Load();
        var lm = new SessionLanguageModel(new ModelLogitsSessionFactory(model));
        int[] prompt = [3, 14, 15];
        var generated = lm.Generate([new GenerationRequest(prompt, new GenerationOptions { MaxNewTokens = 4 })])[0];
        var scored = lm.LogLikelihood([new LogLikelihoodRequest(prompt, generated.TokenIds)])[0];
        Assert.True(scored.IsGreedy);
        Assert.All(scored.TokenLogProbs, lp => Assert.True(lp < 0));
    }

    [Fact]
    public void GenerateKeepsRequestOrderAcrossOptionGroups()
    {
        using var folder = new TinyModelFolder(TinyModelFolder.Gpt2Config);
        using var model = folder.Load();
        var lm = new SessionLanguageModel(new ModelLogitsSessionFactory(model), maxBatchSize: 2);
        var shortRun = new GenerationOptions { MaxNewTokens = 2 };
        var longRun = new GenerationOptions { MaxNewTokens = 5 };
        GenerationRequest[] requests = [new([1, 2], longRun), new([3], shortRun), new([4, 5, 6], longRun), new([7], longRun)];
        var results = lm.Generate(requests);
        Assert.Equal([5, 2, 5, 5], results.Select(r => r.TokenIds.Count));
        Assert.Equal(lm.Generate([requests[2]])[0].TokenIds, results[2].TokenIds);
    }
}

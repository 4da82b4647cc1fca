using SvDecode.Eval.Decoding;
using SvDecode.Eval.Models;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace SvDecode.Eval.Tests.Models;

/// <summary>Invariants any correct decoder satisfies, on tiny random Llama (GQA), Qwen2 (MQA, bias, tied) and GPT-2 models.</summary>
public sealed class ModelInvariantTests
{
    public static TheoryData<string> Configs => new() { TinyModelFolder.LlamaConfig, TinyModelFolder.Qwen2Config, TinyModelFolder.Gpt2Config };

    private static readonly int[][] Sequences = [[5, 17, 33, 8, 41, 12, 9], [22, 3, 50], [7, 7, 19, 60, 1]];

    [Theory]
    [MemberData(nameof(Configs))]
    public void KvCacheDecodingEqualsFullForward(string config)
    {
        using var folder = new TinyModelFolder(config);
        using var model = folder.Load();
        var full = ReferenceChecker.FullForward(model, [Sequences[0]], left: true)[0]; // (T, V)

        using var session = new ModelLogitsSession(model);
        var prefix = Sequences[0][..3];
        using (var first = session.Start([prefix]))
        {
            AssertRowClose(full[2], first[0]);
        }
        for (var i = 3; i < Sequences[0].Length; i++)
        {
            using var token = tensor(new long[] { Sequences[0][i] });
            using var step = session.Advance(token);
            AssertRowClose(full[i], step[0]);
        }
    }

    [Theory]
    [MemberData(nameof(Configs))]
    public void LeftAndRightPaddedBatchesEqualUnpaddedRows(string config)
    {
        using var folder = new TinyModelFolder(config);
        using var model = folder.Load();
        var left = ReferenceChecker.FullForward(model, Sequences, left: true);
        var right = ReferenceChecker.FullForward(model, Sequences, left: false);
        for (var s = 0; s < Sequences.Length; s++)
        {
            var alone = ReferenceChecker.FullForward(model, [Sequences[s]], left: true)[0];
            var pad = left[s].Length - alone.Length;
            for (var i = 0; i < alone.Length; i++)
            {
                AssertRowClose(alone[i], left[s][pad + i]);
                AssertRowClose(alone[i], right[s][i]);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Configs))]
    public void BatchedGreedyGenerationEqualsOneAtATime(string config)
    {
        using var folder = new TinyModelFolder(config);
        using var model = folder.Load();
        var options = new GenerationOptions { MaxNewTokens = 6 };
        using var session = new ModelLogitsSession(model);
        var batched = TokenGenerator.Generate(session, Sequences, options);
        for (var s = 0; s < Sequences.Length; s++)
        {
            var alone = TokenGenerator.Generate(session, [Sequences[s]], options)[0];
            Assert.Equal(alone.TokenIds, batched[s].TokenIds);
            // and greedy really is the argmax of a full forward over prompt + generated prefix
            var tokens = Sequences[s].Concat(alone.TokenIds).ToArray();
            var logits = ReferenceChecker.FullForward(model, [tokens], left: true)[0];
            for (var j = 0; j < alone.TokenIds.Count; j++)
            {
                Assert.Equal(alone.TokenIds[j], ReferenceChecker.ArgMax(logits[Sequences[s].Length - 1 + j]));
            }
        }
    }

    /// <summary>
    /// One layer, window W: RoPE scores depend only on relative positions, so the last position's logits must equal
    /// those of the last W tokens alone with no window — an expectation that does not use the window code.
    /// </summary>
    [Fact]
    public void MistralSlidingWindowSeesOnlyTheLastWTokens()
    {
        const string windowed = """
            {"architectures": ["MistralForCausalLM"], "vocab_size": 61, "hidden_size": 32, "intermediate_size": 48,
             "num_hidden_layers": 1, "num_attention_heads": 4, "num_key_value_heads": 2, "rms_norm_eps": 1e-5,
             "rope_theta": 10000.0, "sliding_window": 3, "max_position_embeddings": 128}
            """;
        using var folder = new TinyModelFolder(windowed);
        using var model = folder.Load();
        int[] tokens = [5, 17, 33, 8, 41, 12, 9];
        var full = ReferenceChecker.FullForward(model, [tokens], left: true)[0];
        var truncated = ReferenceChecker.FullForward(model, [tokens[^3..]], left: true)[0];
        AssertRowClose(truncated[^1], full[^1]);

        // ... and the cached decode path applies the same window.
        using var session = new ModelLogitsSession(model);
        session.Start([tokens[..5]]).Dispose();
        session.Advance(tensor(new long[] { tokens[5] })).Dispose();
        using var last = session.Advance(tensor(new long[] { tokens[6] }));
        AssertRowClose(full[^1], last[0]);
    }

    [Fact]
    public void DecodeStepsDoNotLeakTensors()
    {
        using var folder = new TinyModelFolder(TinyModelFolder.LlamaConfig);
        using var model = folder.Load();
        using var session = new ModelLogitsSession(model);
        using var token = tensor(new long[] { 4, 9 });
        session.Start([[3, 5, 7], [11, 13]]).Dispose();
        session.Advance(token).Dispose(); // warm up: the cache reaches its steady number of tensors
        var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        using (var witness = zeros(1))
        {
            Assert.Equal(before + 1, DisposeScopeManager.Statistics.ThreadTotalLiveCount); // the counter does see tensors
        }
        for (var i = 0; i < 50; i++)
        {
            session.Advance(token).Dispose();
        }
        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    [Theory]
    [InlineData(DecodingStrategy.Greedy)]
    [InlineData(DecodingStrategy.Sample)]
    [InlineData(DecodingStrategy.Beam)]
    public void GenerationAndScoringLeaveNoLiveTensors(DecodingStrategy strategy)
    {
        using var folder = new TinyModelFolder(TinyModelFolder.Gpt2Config);
        using var model = folder.Load();
        var lm = new SvDecode.Eval.Scoring.SessionLanguageModel(new ModelLogitsSessionFactory(model));
        var options = new GenerationOptions { MaxNewTokens = 8, Strategy = strategy, NumBeams = 3 };
        lm.Generate([new GenerationRequest([1, 2, 3], options)]); // warm-up: lazily created tensors
        var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        lm.Generate([new GenerationRequest([1, 2, 3], options), new GenerationRequest([4], options)]);
        lm.LogLikelihood([new([1, 2], [3, 4]), new([5], [6])]);
        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    [Fact]
    public void ReplaceProjectionSwapsTheModuleAndItsParameters()
    {
        using var folder = new TinyModelFolder(TinyModelFolder.LlamaConfig);
        using var model = folder.Load();
        var before = ReferenceChecker.FullForward(model, [Sequences[1]], left: true)[0];
        var paths = model.Projections.Select(p => p.Path).ToList();
        Assert.Contains("model.layers.1.self_attn.q_proj", paths);
        Assert.Contains("model.layers.0.mlp.down_proj", paths);
        Assert.Contains("lm_head", paths);

        nn.Module<Tensor, Tensor>? original = null;
        model.ReplaceProjection("model.layers.0.mlp.down_proj", m => new Doubling(original = m));
        var names = model.named_parameters().Select(p => p.name).ToList();
        Assert.Contains("model.layers.0.mlp.down_proj.inner.weight", names);
        Assert.DoesNotContain("model.layers.0.mlp.down_proj.weight", names);
        var after = ReferenceChecker.FullForward(model, [Sequences[1]], left: true)[0];
        Assert.NotEqual(before[0][0], after[0][0]);

        model.ReplaceProjection("model.layers.0.mlp.down_proj", _ => original!);
        var restored = ReferenceChecker.FullForward(model, [Sequences[1]], left: true)[0];
        Assert.Equal(before[2], restored[2]);
    }

    /// <summary>A stand-in PEFT wrapper: 2 × the wrapped projection.</summary>
    private sealed class Doubling : nn.Module<Tensor, Tensor>
    {
#pragma warning disable IDE1006
        private readonly nn.Module<Tensor, Tensor> inner;
#pragma warning restore IDE1006

        public Doubling(nn.Module<Tensor, Tensor> wrapped) : base(nameof(Doubling))
        {
            inner = wrapped;
            RegisterComponents();
        }

        public override Tensor forward(Tensor x) => 2 * inner.forward(x);
    }

    internal static void AssertRowClose(float[] expected, Tensor actual)
    {
        var got = actual.to(ScalarType.Float32).cpu().data<float>().ToArray();
        AssertRowClose(expected, got);
    }

    internal static void AssertRowClose(float[] expected, float[] actual, double tolerance = 1e-4)
    {
        Assert.Equal(expected.Length, actual.Length);
        var worst = expected.Select((e, i) => Math.Abs(e - actual[i])).Max();
        Assert.True(worst <= tolerance, $"max |Δ| = {worst:G3} > {tolerance:G3}");
    }
}

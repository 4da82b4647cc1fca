using SvDecode.Eval.Decoding;
using SvDecode.Eval.Scoring;
using SvDecode.Eval.Tests.Models;
using Xunit;
using static TorchSharp.torch;

namespace SvDecode.Eval.Tests.Decoding;

/// <summary>
/// The shape SVDecode will take: a session decorating two sessions in lock-step and combining their logits. Here the
/// combination is a weighted mix of a model with itself, which must leave every strategy's output unchanged.
/// </summary>
public sealed class SessionDecorationTests
{
    private sealed class MixingSession(ILogitsSession a, ILogitsSession b, double weight) : ILogitsSession
    {
        public int VocabSize => a.VocabSize;

        public long BatchSize => a.BatchSize;

        public Device Device => a.Device;

        private Tensor Mix(Tensor x, Tensor y)
        {
            using (x)
            using (y)
            {
                return x * weight + y * (1 - weight);
            }
        }

        public Tensor Start(IReadOnlyList<IReadOnlyList<int>> prompts) => Mix(a.Start(prompts), b.Start(prompts));

        public DeferredLogits Prefill(Tensor ids, Tensor mask) => new Mixed(a.Prefill(ids, mask), b.Prefill(ids, mask), this);

        public Tensor Advance(Tensor tokens) => Mix(a.Advance(tokens), b.Advance(tokens));

        public DeferredLogits Extend(Tensor tokens, Tensor mask) => new Mixed(a.Extend(tokens, mask), b.Extend(tokens, mask), this);

        public void Reorder(Tensor rows)
        {
            a.Reorder(rows);
            b.Reorder(rows);
        }

        public void Dispose()
        {
            a.Dispose();
            b.Dispose();
        }

        /// <summary>The same mix at the positions a caller asks for.</summary>
        private sealed class Mixed(DeferredLogits x, DeferredLogits y, MixingSession session) : DeferredLogits(x.Rows, x.Positions, x.Device, x.ChunkRows)
        {
            public override Tensor At(Tensor rows, Tensor positions) => session.Mix(x.At(rows, positions), y.At(rows, positions));

            protected override void Release()
            {
                x.Dispose();
                y.Dispose();
            }
        }
    }

    private sealed class MixingFactory(ILogitsSessionFactory inner) : ILogitsSessionFactory
    {
        public int VocabSize => inner.VocabSize;

        public ILogitsSession Open() => new MixingSession(inner.Open(), inner.Open(), 0.3);
    }

    [Fact]
    public void LockStepDecoratorReproducesTheModelForEveryStrategy()
    {
        using var folder = new TinyModelFolder(TinyModelFolder.LlamaConfig);
        using var model = folder.Load();
        var plain = new SessionLanguageModel(new ModelLogitsSessionFactory(model));
        var mixed = new SessionLanguageModel(new MixingFactory(new ModelLogitsSessionFactory(model)));
        int[] prompt = [8, 3, 19];
        foreach (var options in new[]
        {
            new GenerationOptions { MaxNewTokens = 5 },
            new GenerationOptions { MaxNewTokens = 5, Strategy = DecodingStrategy.Sample, Seed = 11, TopP = 0.9 },
            new GenerationOptions { MaxNewTokens = 5, Strategy = DecodingStrategy.Beam, NumBeams = 3 },
        })
        {
            GenerationRequest[] requests = [new(prompt, options), new([1, 2], options)];
            Assert.Equal(plain.Generate(requests).Select(r => r.TokenIds), mixed.Generate(requests).Select(r => r.TokenIds));
        }
        LogLikelihoodRequest[] scoring = [new(prompt, [4, 5]), new(prompt, [6]), new([7], [8, 9, 10])];
        var want = plain.LogLikelihood(scoring);
        var got = mixed.LogLikelihood(scoring);
        for (var i = 0; i < scoring.Length; i++)
        {
            Assert.Equal(want[i].Sum, got[i].Sum, 1e-4);
        }
    }
}

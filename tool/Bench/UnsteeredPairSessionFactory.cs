using SvDecode.Eval.Decoding;
using SvDecode.Eval.Steering;
using static TorchSharp.torch;

namespace SvDecode.Eval.Tool.Bench;

/// <summary>
/// Sessions over a (base, adapted) pair whose outputs are the adapted logits as they are: a steered session with the
/// steering arithmetic taken out. The pair's forward and head run exactly as when steering (both rows), and the adapted
/// logits are also the reference a scorer asks for, as a steered session's are; so steered time minus this time is
/// what the steering transform itself costs.
/// </summary>
public sealed class UnsteeredPairSessionFactory(Func<IPairedLogitsSession> openPair, int vocabSize) : ILogitsSessionFactory
{
    public int VocabSize => vocabSize;

    public ILogitsSession Open() => new Session(openPair());

    private sealed class Session(IPairedLogitsSession pair) : IReferenceLogitsSession
    {
        private Tensor? _reference;

        public int VocabSize => pair.VocabSize;

        public long BatchSize => pair.BatchSize;

        public Device Device => pair.Device;

        public bool KeepReference { get; set; }

        public Tensor Start(IReadOnlyList<IReadOnlyList<int>> prompts) => Adapted(pair.Start(prompts));

        public DeferredLogits Prefill(Tensor ids, Tensor mask) => new AdaptedSide(pair.Prefill(ids, mask), this);

        public Tensor Advance(Tensor tokens) => Adapted(pair.Advance(tokens));

        public DeferredLogits Extend(Tensor tokens, Tensor mask) => new AdaptedSide(pair.Extend(tokens, mask), this);

        public void Reorder(Tensor rows) => pair.Reorder(rows);

        public Tensor TakeReference()
        {
            var reference = _reference ?? throw new InvalidOperationException("No reference logits are kept: set KeepReference before the call whose logits are wanted.");
            _reference = null;
            return reference;
        }

        public void Dispose()
        {
            _reference?.Dispose();
            pair.Dispose();
        }

        /// <summary>The adapted logits (float32, the pair makes them so); kept as the reference too when asked, as a
        /// second handle on the same storage (no copy, like the steered session's float32 reference).</summary>
        private Tensor Adapted((Tensor Base, Tensor Adapted) logits)
        {
            logits.Base.Dispose();
            if (KeepReference)
            {
                _reference?.Dispose();
                _reference = logits.Adapted.alias().DetachFromDisposeScope();
            }
            return logits.Adapted;
        }

        private sealed class AdaptedSide(DeferredPairLogits pair, Session session) : DeferredLogits(pair.Rows, pair.Positions, pair.Device, pair.ChunkRows)
        {
            public override Tensor At(Tensor rows, Tensor positions) => session.Adapted(pair.At(rows, positions));

            protected override void Release() => pair.Dispose();
        }
    }
}

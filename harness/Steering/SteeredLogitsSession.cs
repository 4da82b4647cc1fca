using SvDecode.Eval.Decoding;
using static TorchSharp.torch;

namespace SvDecode.Eval.Steering;

/// <summary>
/// An <see cref="ILogitsSession"/> whose every output is a decoding method's ẑ (<see cref="IPairLogitsTransform"/>:
/// SVDecode's steered logits of method.md §2, or a baseline that uses the same pair), computed from the base and
/// adapted logits of a lock-step pair at the same positions (the pair's distributions recomputed at every position,
/// in float32). Every
/// decoding strategy and the log-likelihood scorer run on it unchanged. Prompt positions are steered too when a
/// caller asks for them (teacher-forced scoring); generation only ever picks tokens from steered positions. The
/// adapted logits are its reference (<see cref="IReferenceLogitsSession"/>): the unsteered scores of the same forward.
/// </summary>
public sealed class SteeredLogitsSession(IPairedLogitsSession pair, IPairLogitsTransform transform, SteeringDiagnostics diagnostics) : IReferenceLogitsSession
{
    /// <summary>SVDecode at strength μ.</summary>
    public SteeredLogitsSession(IPairedLogitsSession pair, double mu, SteeringOptions options, SteeringDiagnostics diagnostics)
        : this(pair, new SvDecodeTransform(mu, options), diagnostics)
    {
    }

    private Tensor? _reference;

    public int VocabSize => pair.VocabSize;

    public long BatchSize => pair.BatchSize;

    public Device Device => pair.Device;

    public Tensor Start(IReadOnlyList<IReadOnlyList<int>> prompts) => Steer(pair.Start(prompts));

    public DeferredLogits Prefill(Tensor ids, Tensor mask) => new Steered(pair.Prefill(ids, mask), this);

    public Tensor Advance(Tensor tokens) => Steer(pair.Advance(tokens));

    public DeferredLogits Extend(Tensor tokens, Tensor mask) => new Steered(pair.Extend(tokens, mask), this);

    public void Reorder(Tensor rows) => pair.Reorder(rows);

    public bool KeepReference { get; set; }

    public Tensor TakeReference()
    {
        var reference = _reference ?? throw new InvalidOperationException("No reference logits are kept: set KeepReference before the call whose logits are wanted.");
        _reference = null;
        return reference;
    }

    /// <summary>(…, V) base and adapted logits → (…, V) float32 ẑ, with every position counted in the diagnostics.
    /// Frees the pair's logits.</summary>
    private Tensor Steer((Tensor Base, Tensor Adapted) logits)
    {
        var kept = false;
        try
        {
            var steered = Steer(logits.Base, logits.Adapted);
            if (KeepReference)
            {
                // The adapted logits themselves when already float32 (kept, not freed below), else a float32 copy;
                // out of every dispose scope, since callers' helpers (DeferredLogits.At) open scopes of their own.
                _reference?.Dispose();
                kept = logits.Adapted.dtype == ScalarType.Float32;
                _reference = (kept ? logits.Adapted : logits.Adapted.to(ScalarType.Float32)).DetachFromDisposeScope();
            }
            return steered;
        }
        finally
        {
            logits.Base.Dispose();
            if (!kept)
            {
                logits.Adapted.Dispose();
            }
        }
    }

    private Tensor Steer(Tensor baseLogits, Tensor adaptedLogits)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var steering = SteeringVector.Compute(baseLogits, adaptedLogits, countNonFinite: false); // Record checks each position
        var keep = ConfidenceMask.Compute(steering.AdaptedProbs, transform.Alpha);        // (…, V) bool
        var steered = transform.Apply(steering, keep);                                    // (…, V)
        Record(steering, keep);
        return steered.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Adds this call's positions to the diagnostics with as few kernels as possible (a decode step is bound by the
    /// number of ops, not their size). One check covers all three non-finite sources: δ has a NaN/±Inf somewhere in a
    /// row exactly when z_θ, z_φ or δ itself does (a non-finite logit always reaches δ through the log-softmaxes and
    /// KL; SteeringDiagnosticsTests checks every kind), and a row's KL is finite exactly when its δ is. Every position
    /// steered is a real one: decode steps feed real tokens, and teacher-forced callers name the positions they read.
    /// One per-position kept count serves both the kept-token total and the positions keeping two or more, and the
    /// three integer counts come back in one read. A row of δ is checked through its sum, which is non-finite exactly
    /// when an entry is (NaN and ±Inf carry into a sum, and finite entries cannot overflow one: |δ_y| ≤ p_y·(|KL| +
    /// |log r_y|), and Σδ is 0 in exact arithmetic): one reduction instead of an elementwise (…, V) test and its
    /// reduction, which took a third of the steering arithmetic's time at batch 8 (AMD EPYC Zen 5, 32K vocabulary).
    /// </summary>
    private void Record(SteeringResult steering, Tensor keep)
    {
        var finite = steering.Delta.sum(-1).isfinite();                                     // (…) bool
        var positions = finite.numel();
        var keptPerPosition = keep.sum(-1);                                                  // (…) int64
        var counts = stack([finite.sum(), keptPerPosition.sum(), keptPerPosition.ge(2).sum()]).cpu().data<long>().ToArray(); // finite, kept, multi-kept
        var klSum = where(finite, steering.Kl, 0.0).sum(ScalarType.Float64).item<double>();
        diagnostics.Record(positions, counts[1], counts[2], positions - counts[0], klSum, counts[0]);
    }

    public void Dispose()
    {
        _reference?.Dispose();
        pair.Dispose();
    }

    /// <summary>ẑ at the positions a caller asks for (the diagnostics count exactly those: real positions by construction).</summary>
    private sealed class Steered(DeferredPairLogits pairLogits, SteeredLogitsSession session) : DeferredLogits(pairLogits.Rows, pairLogits.Positions, pairLogits.Device, pairLogits.ChunkRows)
    {
        public override Tensor At(Tensor rows, Tensor positions) => session.Steer(pairLogits.At(rows, positions));

        protected override void Release() => pairLogits.Dispose();
    }
}

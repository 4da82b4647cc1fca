using SvDecode.Eval.Decoding;
using static TorchSharp.torch;

namespace SvDecode.Eval.Steering;

/// <summary>
/// An <see cref="ILogitsSession"/> whose every output is the steered ẑ of method.md §2, computed from the base and
/// adapted logits of a lock-step pair at the same positions (δ recomputed at every position, in float32). Every
/// decoding strategy and the log-likelihood scorer run on it unchanged. Prompt positions are steered too when a
/// caller asks for them (teacher-forced scoring); generation only ever picks tokens from steered positions.
/// </summary>
public sealed class SteeredLogitsSession(IPairedLogitsSession pair, double mu, SteeringOptions options, SteeringDiagnostics diagnostics) : ILogitsSession
{
    public int VocabSize => pair.VocabSize;

    public long BatchSize => pair.BatchSize;

    public Tensor Start(IReadOnlyList<IReadOnlyList<int>> prompts) => Steer(pair.Start(prompts), null);

    public Tensor Prefill(Tensor ids, Tensor mask) => Steer(pair.Prefill(ids, mask), mask);

    public Tensor Advance(Tensor tokens) => Steer(pair.Advance(tokens), null);

    public Tensor Extend(Tensor tokens, Tensor mask) => Steer(pair.Extend(tokens, mask), mask);

    public void Reorder(Tensor rows) => pair.Reorder(rows);

    /// <summary>(…, V) base and adapted logits → (…, V) float32 ẑ; statistics over real positions (mask (B, T) or all).
    /// Frees the pair's logits.</summary>
    private Tensor Steer((Tensor Base, Tensor Adapted) logits, Tensor? mask)
    {
        try
        {
            return Steer(logits.Base, logits.Adapted, mask);
        }
        finally
        {
            logits.Base.Dispose();
            logits.Adapted.Dispose();
        }
    }

    private Tensor Steer(Tensor baseLogits, Tensor adaptedLogits, Tensor? mask)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var steering = SteeringVector.Compute(baseLogits, adaptedLogits, countNonFinite: false); // Record checks each position
        var keep = ConfidenceMask.Compute(steering.AdaptedProbs, options.Alpha);          // (…, V) bool
        var steered = SteeredLogits.Apply(steering, keep, mu, options);                   // (…, V)
        Record(steering, keep, mask);
        return steered.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Adds this call's positions to the diagnostics with as few kernels as possible (a decode step is bound by the
    /// number of ops, not their size). One check covers all three non-finite sources: δ has a NaN/±Inf somewhere in a
    /// row exactly when z_θ, z_φ or δ itself does (a non-finite logit always reaches δ through the log-softmaxes and
    /// KL; SteeringDiagnosticsTests checks every kind), and a row's KL is finite exactly when its δ is.
    /// </summary>
    private void Record(SteeringResult steering, Tensor keep, Tensor? mask)
    {
        var finite = steering.Delta.isfinite().all(-1);                                      // (…) bool
        long positions;
        Tensor kept;
        if (mask is null)
        {
            positions = finite.numel();
            kept = keep.sum();
        }
        else
        {
            var real = mask.ne(0);                                                           // (…) bool
            positions = real.sum().item<long>();
            finite = finite.logical_and(real);
            kept = keep.logical_and(real.unsqueeze(-1)).sum();
        }
        var finiteCount = finite.sum().item<long>();
        var klSum = where(finite, steering.Kl, 0.0).sum(ScalarType.Float64).item<double>();
        diagnostics.Record(positions, kept.item<long>(), positions - finiteCount, klSum, finiteCount);
    }

    public void Dispose() => pair.Dispose();
}

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
        Record(baseLogits, adaptedLogits, steering, keep, mask);
        return steered.MoveToOuterDisposeScope();
    }

    private void Record(Tensor baseLogits, Tensor adaptedLogits, SteeringResult steering, Tensor keep, Tensor? mask)
    {
        var real = mask is null ? ones(keep.shape[..^1], dtype: ScalarType.Bool, device: keep.device) : mask.ne(0); // (…)
        var bad = baseLogits.isfinite().logical_not().any(-1)
            .logical_or(adaptedLogits.isfinite().logical_not().any(-1))
            .logical_or(steering.Delta.isfinite().logical_not().any(-1));                // (…)
        var klFinite = steering.Kl.isfinite().logical_and(real);                            // (…)
        var positions = real.sum().item<long>();
        var kept = keep.sum(-1).masked_fill(real.logical_not(), 0).sum().item<long>();
        var nonFinite = bad.logical_and(real).sum().item<long>();
        var klSum = steering.Kl.to(ScalarType.Float64).masked_fill(klFinite.logical_not(), 0).sum().item<double>();
        diagnostics.Record(positions, kept, nonFinite, klSum, klFinite.sum().item<long>());
    }

    public void Dispose() => pair.Dispose();
}

using TorchSharp;

namespace SvDecode.Eval.Steering;

/// <summary>
/// The SVDecode steering vector (method.md §1): δ = J g with J = diag p − p pᵀ and g = −(log r + 1), in the closed
/// form δ = p ⊙ (KL − log r), which is exact and O(V) — the Jacobian is never built.
/// </summary>
public static class SteeringVector
{
    /// <summary>
    /// Builds δ from base logits z_θ and adapted logits z_φ of the same shape (..., V). Inputs may be bf16/fp16/fp32;
    /// the computation runs in <paramref name="computeType"/> (float32 or float64). Non-finite entries are counted,
    /// never thrown on — unless <paramref name="countNonFinite"/> is false, for a caller that checks every position
    /// itself (the steered session at each decode step); then <see cref="SteeringResult.NonFinite"/> throws.
    /// </summary>
    public static SteeringResult Compute(torch.Tensor baseLogits, torch.Tensor adaptedLogits, torch.ScalarType computeType = torch.ScalarType.Float32, bool countNonFinite = true)
    {
        CheckInputs(baseLogits, adaptedLogits, computeType);
        using var scope = torch.NewDisposeScope();
        using var _ = torch.no_grad();
        // Each (..., V) temporary is freed as soon as it is used (a steered chunk of a 152K vocabulary holds megabytes
        // per tensor); the arithmetic, and so every bit of the result, is that of the plain expressions in the comments.
        var zPhi = InComputeType(adaptedLogits, computeType);                    // (..., V)
        var nonFiniteBase = 0L;
        var logTheta = LogSoftmax(baseLogits, computeType, countNonFinite ? t => nonFiniteBase = CountNonFinite(t) : null); // (..., V)
        // log-space difference, never log(p_φ / p_θ): tiny probabilities underflow in float32.
        var logRatio = zPhi.log_softmax(-1);                                     // log p_φ (..., V)
        var p = logRatio.exp();                                                  // (..., V)
        logRatio.sub_(logTheta);                                                 // log r = log p_φ − log p_θ
        logTheta.Dispose();
        torch.Tensor kl;                                                         // (...)
        using (var terms = p * logRatio)
        {
            kl = terms.sum(-1);                                                  // Σ p·log r
        }
        var delta = (kl.unsqueeze(-1) - logRatio).mul_(p);                       // p ⊙ (KL − log r) (..., V)

        var counts = countNonFinite ? new NonFiniteCounts(nonFiniteBase, CountNonFinite(zPhi), CountNonFinite(delta)) : null;
        return new SteeringResult(
            zPhi.MoveToOuterDisposeScope(),
            logRatio.MoveToOuterDisposeScope(),
            p.MoveToOuterDisposeScope(),
            kl.MoveToOuterDisposeScope(),
            delta.MoveToOuterDisposeScope(),
            counts);
    }

    /// <summary>log_softmax of the logits in the compute dtype, the cast copy freed at once; <paramref name="inspect"/>
    /// sees the cast logits first.</summary>
    private static torch.Tensor LogSoftmax(torch.Tensor logits, torch.ScalarType computeType, Action<torch.Tensor>? inspect)
    {
        using var cast = InComputeType(logits, computeType);                    // (..., V)
        inspect?.Invoke(cast);
        return cast.log_softmax(-1);
    }

    /// <summary>
    /// The logits in the compute dtype as a tensor the result may own: a cast copy, or a second handle on the caller's
    /// storage (no copy; the caller still disposes its own handle, and z_φ is only ever read).
    /// </summary>
    private static torch.Tensor InComputeType(torch.Tensor logits, torch.ScalarType computeType) =>
        logits.dtype == computeType ? logits.alias() : logits.to_type(computeType);

    /// <summary>The number of NaN or ±Inf entries of a tensor.</summary>
    public static long CountNonFinite(torch.Tensor values)
    {
        using var scope = torch.NewDisposeScope();
        return values.isfinite().logical_not().sum().item<long>();
    }

    private static void CheckInputs(torch.Tensor baseLogits, torch.Tensor adaptedLogits, torch.ScalarType computeType)
    {
        if (computeType is not (torch.ScalarType.Float32 or torch.ScalarType.Float64))
        {
            throw new ArgumentException($"Steering is computed in float32 or float64, not {computeType}.", nameof(computeType));
        }
        if (!baseLogits.shape.SequenceEqual(adaptedLogits.shape))
        {
            throw new ArgumentException(
                $"Base logits [{string.Join(", ", baseLogits.shape)}] and adapted logits [{string.Join(", ", adaptedLogits.shape)}] must have the same shape (..., V).");
        }
        if (baseLogits.dim() == 0 || baseLogits.shape[^1] == 0)
        {
            throw new ArgumentException("Logits need a non-empty vocabulary as their last dimension.");
        }
    }
}

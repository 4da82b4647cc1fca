using TorchSharp;

namespace SvDecode.Eval.Steering;

/// <summary>
/// The steered logits ẑ of method.md §2, with the mask applied AFTER scaling by μ so that a negative μ̄ cannot send
/// masked logits to +∞. Any decoding strategy then runs on ẑ.
/// </summary>
public static class SteeredLogits
{
    /// <summary>
    /// ẑ from base and adapted logits (..., V) at strength <paramref name="mu"/>. Returns a new tensor in the compute
    /// dtype of the steering (float32 by default).
    /// </summary>
    public static torch.Tensor Compute(torch.Tensor baseLogits, torch.Tensor adaptedLogits, double mu, SteeringOptions options)
    {
        using var scope = torch.NewDisposeScope();
        var steering = SteeringVector.Compute(baseLogits, adaptedLogits);
        var keep = ConfidenceMask.Compute(steering.AdaptedProbs, options.Alpha);
        return Apply(steering, keep, mu, options).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// ẑ from an already computed steering result and keep mask (..., V). Hard: where(keep, z_φ + μ·d, −∞);
    /// soft: z_φ + μ·(keep ? d : 0); none: z_φ + μ·d; with d = δ (projection on) or g = −(log r + 1) (projection off).
    /// </summary>
    public static torch.Tensor Apply(SteeringResult steering, torch.Tensor keep, double mu, SteeringOptions options)
    {
        using var scope = torch.NewDisposeScope();
        var direction = Direction(steering, options.Projection);                 // (..., V)
        return Scale(steering.AdaptedLogits, direction, keep, mu, options.Mask).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// z (..., V) moved by <paramref name="strength"/> along <paramref name="direction"/> (..., V) under a mask mode, the
    /// mask applied after scaling: hard where(keep, z + s·d, −∞); soft z + s·(keep ? d : 0); none z + s·d. Shared by
    /// SVDecode (d = δ or g) and logit extrapolation (d = log r), so both read the mask the same way.
    /// </summary>
    public static torch.Tensor Scale(torch.Tensor z, torch.Tensor direction, torch.Tensor keep, double strength, MaskMode mask)
    {
        using var scope = torch.NewDisposeScope();
        var moved = mask switch
        {
            MaskMode.Hard => torch.where(keep, z.add(direction, strength), double.NegativeInfinity),
            MaskMode.Soft => z.add(torch.where(keep, direction, 0.0), strength),
            MaskMode.None => z.add(direction, strength),
            _ => throw new ArgumentOutOfRangeException(nameof(mask), mask, "Unknown mask mode."),
        };
        return moved.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The direction the logits move along: δ with projection on (the method), or the raw gradient g = −(log r + 1)
    /// of the "projection off" ablation. The strength solver fits μ* along the same direction (method.md §9). A new
    /// handle the caller owns (on δ's storage when projection is on). (..., V)
    /// </summary>
    public static torch.Tensor Direction(SteeringResult steering, bool projection)
    {
        using var scope = torch.NewDisposeScope();
        return (projection ? steering.Delta.alias() : -(steering.LogRatio + 1.0)).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The direction a strength is solved and applied along for a method with one: SVDecode's δ (or g), or
    /// extrapolation's d = log r = lp_φ − lp_θ. A new handle the caller owns. (..., V)
    /// </summary>
    public static torch.Tensor Direction(SteeringResult steering, DecodingMethod method, bool projection) => method switch
    {
        DecodingMethod.SvDecode => Direction(steering, projection),
        DecodingMethod.Extrapolation => steering.LogRatio.alias(),
        _ => throw new ArgumentException($"{method} has no strength direction; only SVDecode and extrapolation solve a strength.", nameof(method)),
    };
}

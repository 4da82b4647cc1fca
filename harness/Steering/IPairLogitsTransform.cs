using TorchSharp;

namespace SvDecode.Eval.Steering;

/// <summary>
/// One decoding method as a pure per-position function of the pair: ẑ from the pair's distributions
/// (<see cref="SteeringResult"/>: z_φ, log r = lp_φ − lp_θ, p_φ, KL, δ) and the confidence mask keep = p_φ ≥ α·max p_φ.
/// <see cref="SteeredLogitsSession"/> computes those once per call and applies the transform, so every method runs
/// with the same batched pair, the same mask and the same diagnostics in generation and in likelihood scoring.
/// </summary>
public interface IPairLogitsTransform
{
    DecodingMethod Method { get; }

    /// <summary>The confidence-mask threshold α that <see cref="Apply"/>'s keep mask is computed with.</summary>
    double Alpha { get; }

    /// <summary>ẑ (..., V) in the pair's compute dtype; a new tensor the caller owns.</summary>
    torch.Tensor Apply(SteeringResult pair, torch.Tensor keep);
}

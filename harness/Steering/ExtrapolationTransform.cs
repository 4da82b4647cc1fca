using TorchSharp;

namespace SvDecode.Eval.Steering;

/// <summary>
/// Plain logit extrapolation away from the pre-trained model: ẑ = z_φ + λ·d with d = lp_φ − lp_θ (= z_φ − z_θ up to
/// a per-position constant, which softmax ignores), under SVDecode's mask modes with d in place of δ. λ is solved on
/// the calibration split like μ̄ (<see cref="StrengthSolver"/> with <see cref="DecodingMethod.Extrapolation"/>) or fixed.
/// </summary>
public sealed class ExtrapolationTransform(double lambda, SteeringOptions options) : IPairLogitsTransform
{
    public DecodingMethod Method => DecodingMethod.Extrapolation;

    public double Alpha => options.Alpha;

    public double Lambda => lambda;

    public torch.Tensor Apply(SteeringResult pair, torch.Tensor keep) =>
        SteeredLogits.Scale(pair.AdaptedLogits, pair.LogRatio, keep, lambda, options.Mask);
}

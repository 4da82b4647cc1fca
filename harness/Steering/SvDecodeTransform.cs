using TorchSharp;

namespace SvDecode.Eval.Steering;

/// <summary>SVDecode as a pair transform: ẑ = z_φ + μ·d (d = δ, or g with projection off) under the mask mode.</summary>
public sealed class SvDecodeTransform(double mu, SteeringOptions options) : IPairLogitsTransform
{
    public DecodingMethod Method => DecodingMethod.SvDecode;

    public double Alpha => options.Alpha;

    public double Mu => mu;

    public SteeringOptions Options => options;

    public torch.Tensor Apply(SteeringResult pair, torch.Tensor keep) => SteeredLogits.Apply(pair, keep, mu, options);
}

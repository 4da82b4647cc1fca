using TorchSharp;

namespace SvDecode.Eval.Steering;

/// <summary>Settings of the per-token strength solve (method.md §3).</summary>
public sealed record StrengthSolverOptions
{
    public const double DefaultEpsilon = 1e-12;

    /// <summary>Mask threshold α used for the sums over kept tokens.</summary>
    public double Alpha { get; init; } = ConfidenceMask.DefaultAlpha;

    /// <summary>
    /// True (the method): solve μ* along δ. False (the "projection off" ablation, steering.projection: false): solve
    /// along g = −(log r + 1), the direction that ablation adds to the logits (method.md §9).
    /// </summary>
    public bool Projection { get; init; } = true;

    /// <summary>
    /// The method whose strength is solved: SVDecode (μ* along δ or g) or logit extrapolation (λ* along
    /// d = lp_φ − lp_θ; <see cref="Projection"/> does not apply). The same least squares over the kept tokens.
    /// </summary>
    public DecodingMethod Method { get; init; } = DecodingMethod.SvDecode;

    /// <summary>Skip tokens whose ‖d_keep‖₂ (d = δ, or g with projection off) is below this; null (the paper's
    /// Eq. 44) skips none.</summary>
    public double? MinDeltaNorm { get; init; }

    public double Epsilon { get; init; } = DefaultEpsilon;

    /// <summary>float32 (default, as at decode time) or float64.</summary>
    public torch.ScalarType ComputeType { get; init; } = torch.ScalarType.Float32;

    public StrengthSolverOptions Validate(string source = "strength options")
    {
        if (!(Alpha >= 0 && Alpha <= 1))
        {
            throw new InputException($"{source}: alpha = {Alpha} is out of range; it must lie in [0, 1].");
        }
        if (Method is not (DecodingMethod.SvDecode or DecodingMethod.Extrapolation))
        {
            throw new InputException($"{source}: {Method} solves no strength; only SVDecode (mu) and extrapolation (lambda) do.");
        }
        if (MinDeltaNorm is { } min && !(min >= 0))
        {
            throw new InputException($"{source}: min_delta_norm = {min} must be a non-negative number.");
        }
        if (!(Epsilon >= 0) || double.IsPositiveInfinity(Epsilon))
        {
            throw new InputException($"{source}: epsilon = {Epsilon} must be a small non-negative number (default {DefaultEpsilon}).");
        }
        return this;
    }
}

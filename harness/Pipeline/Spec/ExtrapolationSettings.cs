using SvDecode.Eval.Steering;

namespace SvDecode.Eval.Pipeline.Spec;

/// <summary>Plain logit extrapolation away from the pre-trained model (method.md "Decoding baselines").</summary>
public sealed record ExtrapolationSettings
{
    [SpecDoc("the strength lambda of z-hat = z_adapted + lambda * (log p_adapted - log p_pretrained): an aggregate of the calibration's per-token lambda* (mean, median, trimmed, ratio; solved like mu-bar, with strength.trim_tau and strength.min_delta_norm) or a fixed number")]
    public StrengthChoice Lambda { get; init; } = new(StrengthAggregateKind.Mean, null);

    /// <summary>λ̄ under these settings: the fixed value, or the chosen aggregate of a calibration's λ* (NaN when the
    /// calibration used no token).</summary>
    public double LambdaOf(StrengthAggregateValues? aggregates) => Lambda.Apply(new StrengthSettings()).MuBarOf(aggregates!);
}

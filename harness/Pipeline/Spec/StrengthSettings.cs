using System.ComponentModel.DataAnnotations;
using SvDecode.Eval.Steering;

namespace SvDecode.Eval.Pipeline.Spec;

/// <summary>How the one steering strength μ̄ is solved (method.md §3).</summary>
public sealed record StrengthSettings : ISelfValidating
{
    /// <summary>Ratio by default: Σ numerators / Σ denominators, the one μ that fits every calibration token at once
    /// by least squares, which a few tokens with tiny δ cannot dominate. Across the study's four adapters and three
    /// seeds it gave the largest average held-out gain and the smallest worst case (docs/demo.md, study 3); the
    /// paper's plain mean (Eq. 44) stays available as <c>mean</c>.</summary>
    [SpecDoc("how μ̄ is made from the calibration's μ*: ratio (default: Σ numerators / Σ denominators), mean (the paper's Eq. 44), median, trimmed, or fixed")]
    public StrengthAggregateKind Aggregate { get; init; } = StrengthAggregateKind.Ratio;

    [SpecDoc("the strength used when aggregate is fixed")]
    public double? Fixed { get; init; }

    [SpecDoc("the trimmed aggregate keeps the μ* within this distance of the median (default: 3 robust sigmas, 3·1.4826·MAD)")]
    [Range(0.0, 1e9, MinimumIsExclusive = true)]
    public double? TrimTau { get; init; }

    [SpecDoc("skip calibration tokens whose kept steering norm is below this (default: none skipped)")]
    [Range(0.0, 1e9)]
    public double? MinDeltaNorm { get; init; }

    /// <summary>μ̄ under these settings: the fixed value, or the chosen aggregate of a calibration's μ* (NaN when the
    /// calibration used no token).</summary>
    public double MuBarOf(StrengthAggregateValues aggregates) => Aggregate switch
    {
        StrengthAggregateKind.Fixed => Fixed ?? double.NaN,
        StrengthAggregateKind.Median => aggregates.Median,
        StrengthAggregateKind.Trimmed => aggregates.Trimmed,
        StrengthAggregateKind.Ratio => aggregates.Ratio,
        _ => aggregates.Mean,
    };

    public void Validate(SpecValidationContext context)
    {
        if (Aggregate == StrengthAggregateKind.Fixed && Fixed is null)
        {
            context.Error("fixed", "aggregate: fixed needs a value in 'fixed'");
        }
        if (Aggregate != StrengthAggregateKind.Fixed && Fixed is not null)
        {
            context.Error("fixed", $"'fixed' is used only with aggregate: fixed (aggregate is {SpecBinder.SnakeCase(Aggregate.ToString())})");
        }
    }
}

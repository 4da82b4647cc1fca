using System.Globalization;
using SvDecode.Eval.Steering;

namespace SvDecode.Eval.Pipeline.Spec;

/// <summary>
/// One value of the matrix's strength axis: how a steered cell gets its μ̄ — an aggregate of the calibration's μ*
/// ("mean", "median", "trimmed", "ratio") or a fixed μ (a number), so aggregates and μ sweeps are one list.
/// </summary>
public sealed record StrengthChoice(StrengthAggregateKind Aggregate, double? Value) : ISpecScalar<StrengthChoice>
{
    private static readonly StrengthAggregateKind[] Solved =
        [StrengthAggregateKind.Mean, StrengthAggregateKind.Median, StrengthAggregateKind.Trimmed, StrengthAggregateKind.Ratio];

    public static string Expected => "an aggregate (mean, median, trimmed, ratio) or a fixed strength mu (a number)";

    public static StrengthChoice? TryParse(string text)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var mu) && double.IsFinite(mu))
        {
            return new StrengthChoice(StrengthAggregateKind.Fixed, mu);
        }
        var kind = Solved.FirstOrDefault(k => StrengthAggregation.ToName(k) == text, StrengthAggregateKind.Fixed);
        return kind == StrengthAggregateKind.Fixed ? null : new StrengthChoice(kind, null);
    }

    /// <summary>The strength settings of a cell with this choice: the pipeline's, with its aggregate (and fixed value) replaced.</summary>
    public StrengthSettings Apply(StrengthSettings settings) => settings with { Aggregate = Aggregate, Fixed = Value };

    /// <summary>"median", or the fixed μ ("0.5") — the form it is written in and shown in cell ids.</summary>
    public override string ToString() => Value is { } mu ? mu.ToString("R", CultureInfo.InvariantCulture) : StrengthAggregation.ToName(Aggregate);
}

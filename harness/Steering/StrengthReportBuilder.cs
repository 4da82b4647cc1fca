using SvDecode.Eval.Metrics;

namespace SvDecode.Eval.Steering;

/// <summary>Turns per-token μ*_t into μ̄ and the <see cref="StrengthReport"/> (method.md §3).</summary>
public static class StrengthReportBuilder
{
    /// <summary>Aggregates the used tokens (skipped ones are only counted). Every aggregate is NaN when no token is
    /// used; μ̄ is then NaN too unless the aggregate is fixed — the caller must treat that as a failed calibration.</summary>
    public static StrengthReport Report(IReadOnlyList<TokenStrength> tokens, StrengthAggregation aggregation, double epsilon = StrengthSolverOptions.DefaultEpsilon, int histogramBins = StrengthHistogram.DefaultBins)
    {
        aggregation.Validate();
        var used = tokens.Where(t => t.Used).ToArray();
        var mus = used.Select(t => t.Mu).ToArray();
        var aggregates = Aggregates(mus, used.Select(t => t.Numerator).ToArray(), used.Select(t => t.Denominator).ToArray(), aggregation.Tau, epsilon);
        var muBar = aggregation.Kind switch
        {
            StrengthAggregateKind.Mean => aggregates.Mean,
            StrengthAggregateKind.Median => aggregates.Median,
            StrengthAggregateKind.Trimmed => aggregates.Trimmed,
            StrengthAggregateKind.Ratio => aggregates.Ratio,
            StrengthAggregateKind.Fixed => aggregation.FixedValue!.Value,
            _ => throw new ArgumentOutOfRangeException(nameof(aggregation), aggregation.Kind, null),
        };
        return new StrengthReport(
            muBar,
            aggregation.ToString(),
            aggregates,
            TokensTotal: tokens.Count,
            TokensUsed: used.Length,
            TokensSkipped: tokens.Count - used.Length,
            TokensSkippedSmallDelta: tokens.Count(t => t.Skip == StrengthSkipReason.SmallDelta),
            TokensSkippedNonFinite: tokens.Count(t => t.Skip == StrengthSkipReason.NonFinite),
            FractionNegative: mus.Length == 0 ? double.NaN : mus.Count(m => m < 0) / (double)mus.Length,
            Min: mus.Length == 0 ? double.NaN : mus.Min(),
            Max: mus.Length == 0 ? double.NaN : mus.Max(),
            StrengthHistogram.Build(mus, histogramBins));
    }

    /// <summary>Every aggregate of per-token μ*, numerators and denominators (same length, used tokens only).</summary>
    public static StrengthAggregateValues Aggregates(IReadOnlyList<double> mus, IReadOnlyList<double> numerators, IReadOnlyList<double> denominators, double? tau = null, double epsilon = StrengthSolverOptions.DefaultEpsilon)
    {
        if (numerators.Count != mus.Count || denominators.Count != mus.Count)
        {
            throw new ArgumentException("μ*, numerators and denominators must have one entry per token.");
        }
        if (mus.Count == 0)
        {
            return new StrengthAggregateValues(double.NaN, double.NaN, double.NaN, tau ?? double.NaN, 0, double.NaN);
        }
        var median = Quantiles.Median(mus.ToArray());
        var (trimmed, tauUsed, trimmedCount) = TrimmedMean(mus, median, tau);
        return new StrengthAggregateValues(mus.Average(), median, trimmed, tauUsed, trimmedCount, Ratio(numerators, denominators, epsilon));
    }

    /// <summary>Σ num / (Σ den + N·ε) (Eq. 46).</summary>
    public static double Ratio(IReadOnlyList<double> numerators, IReadOnlyList<double> denominators, double epsilon = StrengthSolverOptions.DefaultEpsilon) =>
        numerators.Sum() / (denominators.Sum() + numerators.Count * epsilon);

    /// <summary>Mean of the values within τ of the median (inclusive); τ defaults to 3 × 1.4826 × MAD.
    /// Never empty: the median's nearest value is always within the default τ, and for an explicit τ too small to
    /// keep any value the median itself is returned.</summary>
    public static (double Value, double Tau, int Count) TrimmedMean(IReadOnlyList<double> values, double median, double? tau)
    {
        var tauUsed = tau ?? StrengthAggregation.DefaultTrimRobustSigmas * 1.4826 * Quantiles.Median(values.Select(v => Math.Abs(v - median)).ToArray());
        var inside = values.Where(v => Math.Abs(v - median) <= tauUsed).ToArray();
        return inside.Length == 0 ? (median, tauUsed, 0) : (inside.Average(), tauUsed, inside.Length);
    }
}

using SvDecode.Eval.Metrics;

namespace SvDecode.Eval.Steering;

/// <summary>
/// A histogram of μ*_t on a clipped range: [max(min, Q1 − 3·IQR), min(max, Q3 + 3·IQR)] (Tukey's far-out fences), so
/// the few huge |μ*| from near-zero δ do not squash every other value into one bin. Values outside the range are
/// counted in <see cref="Underflow"/> / <see cref="Overflow"/>. Bin i covers [Edges[i], Edges[i+1]); the last bin
/// also includes its upper edge.
/// </summary>
public sealed record StrengthHistogram(double Low, double High, double[] Edges, long[] Counts, long Underflow, long Overflow)
{
    public const int DefaultBins = 20;

    public static StrengthHistogram Build(IReadOnlyCollection<double> values, int bins = DefaultBins)
    {
        if (bins < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(bins), bins, "A histogram needs at least one bin.");
        }
        var sorted = values.Where(double.IsFinite).ToArray();
        Array.Sort(sorted);
        if (sorted.Length == 0)
        {
            return new StrengthHistogram(double.NaN, double.NaN, [], [], 0, 0);
        }
        var q1 = Quantiles.QuantileOfSorted(sorted, 0.25);
        var q3 = Quantiles.QuantileOfSorted(sorted, 0.75);
        var iqr = q3 - q1;
        var low = Math.Max(sorted[0], q1 - 3 * iqr);
        var high = Math.Min(sorted[^1], q3 + 3 * iqr);
        if (!(high > low))
        {
            // All values (or all but outliers) equal: centre one unit-wide range on them.
            low -= 0.5;
            high += 0.5;
        }
        var width = (high - low) / bins;
        var edges = Enumerable.Range(0, bins + 1).Select(i => low + i * width).ToArray();
        edges[^1] = high;
        var counts = new long[bins];
        long underflow = 0, overflow = 0;
        foreach (var value in sorted)
        {
            if (value < low)
            {
                underflow++;
            }
            else if (value > high)
            {
                overflow++;
            }
            else
            {
                counts[Math.Min(bins - 1, (int)((value - low) / width))]++;
            }
        }
        return new StrengthHistogram(low, high, edges, counts, underflow, overflow);
    }
}

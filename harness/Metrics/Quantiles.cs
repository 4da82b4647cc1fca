namespace SvDecode.Eval.Metrics;

/// <summary>Order statistics with numpy's default conventions, so numbers match Python reference code.</summary>
public static class Quantiles
{
    /// <summary>numpy.median: the middle value, or the mean of the two middle values for an even count. NaN when empty.</summary>
    public static double Median(IReadOnlyCollection<double> values) => Quantile(values, 0.5);

    /// <summary>numpy.quantile with the default "linear" method: position q·(n−1) in the sorted values, interpolated.
    /// NaN when empty.</summary>
    public static double Quantile(IReadOnlyCollection<double> values, double q)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }
        var sorted = values.ToArray();
        Array.Sort(sorted);
        return QuantileOfSorted(sorted, q);
    }

    /// <summary>As <see cref="Quantile"/> on values already sorted ascending.</summary>
    public static double QuantileOfSorted(IReadOnlyList<double> sorted, double q)
    {
        if (!(q >= 0 && q <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(q), q, "A quantile lies in [0, 1].");
        }
        if (sorted.Count == 0)
        {
            return double.NaN;
        }
        var position = q * (sorted.Count - 1);
        var lower = (int)Math.Floor(position);
        var upper = Math.Min(lower + 1, sorted.Count - 1);
        var fraction = position - lower;
        return sorted[lower] + fraction * (sorted[upper] - sorted[lower]);
    }
}

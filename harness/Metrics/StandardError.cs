namespace SvDecode.Eval.Metrics;

/// <summary>Standard errors of a mean.</summary>
public static class StandardError
{
    /// <summary>Sample standard deviation (n − 1); NaN for fewer than two values.</summary>
    public static double SampleStdDev(IReadOnlyCollection<double> values)
    {
        if (values.Count < 2)
        {
            return double.NaN;
        }
        var mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
    }

    /// <summary>sample std / √n; NaN for fewer than two values.</summary>
    public static double OfMean(IReadOnlyCollection<double> values) =>
        values.Count < 2 ? double.NaN : SampleStdDev(values) / Math.Sqrt(values.Count);
}

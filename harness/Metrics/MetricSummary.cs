namespace SvDecode.Eval.Metrics;

/// <summary>A metric's mean over items with its standard error (lm-evaluation-harness style: the sample standard
/// deviation, n − 1 in the denominator, divided by √n).</summary>
public sealed record MetricSummary(string Name, double Mean, double StdErr, int Count)
{
    public static MetricSummary Of(string name, IReadOnlyCollection<double> perItem) =>
        new(name, perItem.Count == 0 ? double.NaN : perItem.Average(), StandardError.OfMean(perItem), perItem.Count);
}

namespace SvDecode.Eval.Comparison;

/// <summary>The outcome of `compare`: every matched metric, notes about the inputs, and the gate's verdict.</summary>
public sealed record ComparisonReport(
    string Pipeline,
    RunSummary Baseline,
    RunSummary Current,
    ComparisonOptions Options,
    IReadOnlyList<MetricComparison> Metrics,
    IReadOnlyList<string> Notes)
{
    public int Regressions => Metrics.Count(m => m.Verdict == MetricVerdict.Regression);

    public int Missing => Metrics.Count(m => m.Verdict == MetricVerdict.Missing);

    /// <summary>The gate passes when nothing regressed, nothing went missing and the current run completed.</summary>
    public bool Passed => Regressions == 0 && Missing == 0 && Current.Status == "complete";
}

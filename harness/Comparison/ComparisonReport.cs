namespace SvDecode.Eval.Comparison;

/// <summary>
/// The outcome of `compare`: every matched metric, notes about the inputs, the gate's verdict and, with --exact, the
/// per-item scores that changed.
/// </summary>
public sealed record ComparisonReport(
    string Pipeline,
    RunSummary Baseline,
    RunSummary Current,
    ComparisonOptions Options,
    IReadOnlyList<MetricComparison> Metrics,
    IReadOnlyList<string> Notes,
    ExactComparison? Exact = null)
{
    public int Regressions => Metrics.Count(m => m.Verdict == MetricVerdict.Regression);

    public int Missing => Metrics.Count(m => m.Verdict == MetricVerdict.Missing);

    /// <summary>The gate passes when nothing regressed, nothing went missing and the current run completed.</summary>
    public bool Passed => Regressions == 0 && Missing == 0 && Current.Status == "complete";

    /// <summary>False when --exact found any per-item score changed, missing or added; true without --exact.</summary>
    public bool Unchanged => Exact?.Unchanged ?? true;
}

namespace SvDecode.Eval.Metrics;

/// <summary>One metric name as it appears in pipeline files, results and `svdecode-eval list metrics`.</summary>
/// <param name="HigherIsBetter">False only for counts of failures (unparsable).</param>
public sealed record MetricInfo(string Name, string Description, string Family, bool HigherIsBetter = true);

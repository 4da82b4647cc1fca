namespace SvDecode.Eval.Comparison;

/// <summary>
/// One metric of one cell on one benchmark in both runs. <see cref="DeltaPoints"/> is current − baseline in points;
/// <see cref="Test"/> names how significance was judged: mcnemar and paired_bootstrap on the same items (from
/// item_scores.jsonl), z_test from the two standard errors, none when neither is available (the drop alone decides).
/// </summary>
public sealed record MetricComparison(
    string Benchmark,
    string Cell,
    string Metric,
    double? Baseline,
    double? BaselineStderr,
    double? Current,
    double? CurrentStderr,
    double? DeltaPoints,
    string Test,
    double? PValue,
    double? CiLowPoints,
    double? CiHighPoints,
    int? PairedItems,
    bool Significant,
    MetricVerdict Verdict);

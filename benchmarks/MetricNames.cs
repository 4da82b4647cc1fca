using SvDecode.Eval.Metrics;

namespace SvDecode.Eval.Benchmarks;

/// <summary>The metrics each kind of benchmark reports (method.md §6), by family from the one registry of metric names
/// (<see cref="MetricRegistry"/>), so a name is written in one place.</summary>
public static class MetricNames
{
    public static readonly IReadOnlyList<string> TruthfulQaMc = MetricRegistry.Family(MetricRegistry.TruthfulQaMcFamily);

    public static readonly IReadOnlyList<string> TruthfulQaGen = MetricRegistry.Family(MetricRegistry.TruthfulQaGenFamily, MetricRegistry.TruthfulQaJudgeFamily);

    public static readonly IReadOnlyList<string> MultipleChoice = MetricRegistry.Family(MetricRegistry.MultipleChoiceFamily);

    public static readonly IReadOnlyList<string> Jsonl = [.. MultipleChoice, .. TruthfulQaMc, .. TruthfulQaGen];
}

using SvDecode.Eval.Benchmarks.Templates;
using SvDecode.Eval.Data;

namespace SvDecode.Eval.Benchmarks.TruthfulQa;

/// <summary>TruthfulQA multiple choice (MC1/MC2/MC3): TruthfulQA.csv joined with mc_task.json.</summary>
public sealed class TruthfulQaMcBenchmark : IBenchmark
{
    public string Name => "truthfulqa_mc";

    public string Description => "TruthfulQA multiple choice (MC1/MC2/MC3), six-shot QA primer";

    public IReadOnlyList<string> Formats { get; } =
    [
        "TruthfulQA.csv (Type, Category, Question, Best Answer, Correct Answers, Incorrect Answers, Source) or its folder",
        "mc_task.json (beside the CSV, in data/, or mc_task:) joined on the question text",
    ];

    public IReadOnlyList<string> Metrics => MetricNames.TruthfulQaMc;

    public IReadOnlyList<ScoringKind> ScoringKinds { get; } = [ScoringKind.TruthfulQaMc];

    public bool Judgeable => false;

    public TemplateSchema TemplateSchema => TemplateSchemas.TruthfulQa;

    public BenchmarkData Load(BenchmarkLoadRequest request, CancellationToken ct) => TruthfulQaLoader.Load(Name, request, requireMc: true, ct);
}

using SvDecode.Eval.Benchmarks.Templates;
using SvDecode.Eval.Data;

namespace SvDecode.Eval.Benchmarks.TruthfulQa;

/// <summary>TruthfulQA open-ended generation: TruthfulQA.csv only (references for BLEU/ROUGE and the judge).</summary>
public sealed class TruthfulQaGenBenchmark : IBenchmark
{
    public string Name => "truthfulqa_gen";

    public string Description => "TruthfulQA generation (reference metrics, LLM judge), six-shot QA primer";

    public IReadOnlyList<string> Formats { get; } =
        ["TruthfulQA.csv (Type, Category, Question, Best Answer, Correct Answers, Incorrect Answers, Source) or its folder"];

    public IReadOnlyList<string> Metrics => MetricNames.TruthfulQaGen;

    public IReadOnlyList<ScoringKind> ScoringKinds { get; } = [ScoringKind.OpenEnded];

    public bool Judgeable => true;

    public TemplateSchema TemplateSchema => TemplateSchemas.TruthfulQa;

    public BenchmarkData Load(BenchmarkLoadRequest request, CancellationToken ct) => TruthfulQaLoader.Load(Name, request, requireMc: false, ct);
}

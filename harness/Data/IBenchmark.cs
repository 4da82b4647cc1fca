namespace SvDecode.Eval.Data;

/// <summary>
/// One benchmark: how its files are read into rendered items, the metrics it reports, how its items are scored and
/// whether a judge applies — declared here, so the score stage never guesses from names or item shapes.
/// Implementations are stateless singletons.
/// </summary>
public interface IBenchmark
{
    /// <summary>e.g. "truthfulqa_mc", "boolq", "mmlu", "jsonl".</summary>
    string Name { get; }

    string Description { get; }

    /// <summary>What data files it reads, for `list benchmarks`.</summary>
    IReadOnlyList<string> Formats { get; }

    /// <summary>Metric names it reports (mc1, mc2, mc3, mc_avg, acc, acc_norm, gen_acc, bleu_diff, ...).</summary>
    IReadOnlyList<string> Metrics { get; }

    /// <summary>How its test items are scored, in order of preference: the first kind every test item supports is used
    /// (one kind for most benchmarks; jsonl rows may carry TruthfulQA targets, choices or references).</summary>
    IReadOnlyList<ScoringKind> ScoringKinds { get; }

    /// <summary>Whether an LLM judge (scoring.judge) scores its generated answers (truth, info, truth_info); only then
    /// does a judge enter the score stage's artifact key.</summary>
    bool Judgeable { get; }

    /// <summary>Its default template and the sections and fields it renders; a pipeline's <c>template:</c> must fit it.</summary>
    TemplateSchema TemplateSchema { get; }

    BenchmarkData Load(BenchmarkLoadRequest request, CancellationToken ct);
}

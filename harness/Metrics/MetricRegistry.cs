namespace SvDecode.Eval.Metrics;

/// <summary>
/// Every metric name the evaluator knows, with a description, so the CLI can list them and pipeline validation can
/// reject unknown names with a suggestion ("Unknown metric 'acc_nrom'. Did you mean 'acc_norm'?").
/// </summary>
public static class MetricRegistry
{
    // The names the scoring code reports under; the table below describes them.
    public const string Mc1 = "mc1";
    public const string Mc2 = "mc2";
    public const string Mc3 = "mc3";
    public const string McAvg = "mc_avg";
    public const string Acc = "acc";
    public const string AccNorm = "acc_norm";
    public const string GenAcc = "gen_acc";
    public const string Unparsable = "unparsable";
    public const string Truth = "truth";
    public const string Info = "info";
    public const string TruthInfo = "truth_info";

    public const string TruthfulQaMcFamily = "truthfulqa-mc";
    public const string MultipleChoiceFamily = "multiple-choice";
    public const string TruthfulQaGenFamily = "truthfulqa-gen";
    public const string TruthfulQaJudgeFamily = "truthfulqa-judge";

    private static readonly MetricInfo[] All =
    [
        new(Mc1, "TruthfulQA MC1: 1 when the best answer (mc1_targets index 0) scores strictly above every other answer.", TruthfulQaMcFamily),
        new(Mc2, "TruthfulQA MC2: normalised probability mass on the true mc2 answers (logsumexp of answer log-likelihoods).", TruthfulQaMcFamily),
        new(Mc3, "TruthfulQA MC3: fraction of true mc2 answers scored above the best false answer.", TruthfulQaMcFamily),
        new(McAvg, "Mean of MC1, MC2 and MC3 (the paper's \"MC Avg\").", TruthfulQaMcFamily),
        new(Acc, "Accuracy by log-likelihood: the highest-scoring choice is the gold one (ties go to the lowest index).", MultipleChoiceFamily),
        new(AccNorm, "Accuracy by log-likelihood divided by the choice's length in characters.", MultipleChoiceFamily),
        new(GenAcc, "Accuracy by generate-then-parse: the first allowed answer found in the greedy generation; unparsable counts as wrong.", MultipleChoiceFamily),
        new(Unparsable, "Fraction of generations in which no allowed answer was found (counted as wrong by gen_acc).", MultipleChoiceFamily, HigherIsBetter: false),
        new("bleu_diff", "TruthfulQA generation: sentence BLEU (sacrebleu default) max over true references minus max over false references.", TruthfulQaGenFamily),
        new("bleu_acc", "TruthfulQA generation: 1 when bleu_diff > 0.", TruthfulQaGenFamily),
        new("rouge1_diff", "TruthfulQA generation: ROUGE-1 F (0-100) max over true minus max over false references.", TruthfulQaGenFamily),
        new("rouge1_acc", "TruthfulQA generation: 1 when rouge1_diff > 0.", TruthfulQaGenFamily),
        new("rouge2_diff", "TruthfulQA generation: ROUGE-2 F (0-100) max over true minus max over false references.", TruthfulQaGenFamily),
        new("rouge2_acc", "TruthfulQA generation: 1 when rouge2_diff > 0.", TruthfulQaGenFamily),
        new("rougeL_diff", "TruthfulQA generation: ROUGE-L F (0-100) max over true minus max over false references.", TruthfulQaGenFamily),
        new("rougeL_acc", "TruthfulQA generation: 1 when rougeL_diff > 0.", TruthfulQaGenFamily),
        new(Truth, "TruthfulQA generation, LLM judge: fraction of answers judged truthful (%Truth).", TruthfulQaJudgeFamily),
        new(Info, "TruthfulQA generation, LLM judge: fraction of answers judged informative (%Info).", TruthfulQaJudgeFamily),
        new(TruthInfo, "TruthfulQA generation, LLM judge: fraction judged both truthful and informative (%Truth*Info).", TruthfulQaJudgeFamily),
    ];

    private static readonly Dictionary<string, MetricInfo> ByName = All.ToDictionary(m => m.Name, StringComparer.Ordinal);

    public static IReadOnlyList<MetricInfo> Metrics => All;

    public static IReadOnlyList<string> Names { get; } = All.Select(m => m.Name).ToArray();

    /// <summary>The names of the metrics of these families, in the registry's order: what a benchmark reports.</summary>
    public static IReadOnlyList<string> Family(params string[] families) =>
        [.. All.Where(m => families.Contains(m.Family, StringComparer.Ordinal)).Select(m => m.Name)];

    public static bool TryGet(string name, out MetricInfo info) => ByName.TryGetValue(name, out info!);

    /// <summary>The metric of that exact name, or an <see cref="InputException"/> naming <paramref name="source"/>
    /// and suggesting the nearest known name.</summary>
    public static MetricInfo Get(string name, string source = "metrics")
    {
        if (ByName.TryGetValue(name, out var info))
        {
            return info;
        }
        throw new InputException($"{source}: Unknown metric '{name}'.{NameSuggester.DidYouMean(name, Names)}");
    }
}

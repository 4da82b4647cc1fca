namespace SvDecode.Eval.Benchmarks;

/// <summary>Metric names adapters advertise (method.md §6); the metrics code reports under the same names.</summary>
public static class MetricNames
{
    public static readonly IReadOnlyList<string> TruthfulQaMc = ["mc1", "mc2", "mc3", "mc_avg"];

    public static readonly IReadOnlyList<string> TruthfulQaGen =
    [
        "bleu_diff", "bleu_acc", "rouge1_diff", "rouge1_acc", "rouge2_diff", "rouge2_acc", "rougeL_diff", "rougeL_acc",
        "truth", "info", "truth_info",
    ];

    public static readonly IReadOnlyList<string> MultipleChoice = ["acc", "acc_norm", "gen_acc", "unparsable"];

    public static readonly IReadOnlyList<string> Jsonl = [.. MultipleChoice, .. TruthfulQaMc, .. TruthfulQaGen];
}

namespace SvDecode.Eval.Data;

/// <summary>Reads one benchmark's files into rendered items. Implementations are stateless singletons.</summary>
public interface IBenchmarkAdapter
{
    /// <summary>e.g. "truthfulqa_mc", "boolq", "mmlu", "jsonl".</summary>
    string Name { get; }

    string Description { get; }

    /// <summary>What data files it reads, for `list benchmarks`.</summary>
    IReadOnlyList<string> Formats { get; }

    /// <summary>Metric names it reports (mc1, mc2, mc3, mc_avg, acc, acc_norm, gen_acc, bleu_diff, ...).</summary>
    IReadOnlyList<string> Metrics { get; }

    BenchmarkData Load(BenchmarkLoadRequest request, CancellationToken ct);
}

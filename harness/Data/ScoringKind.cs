namespace SvDecode.Eval.Data;

/// <summary>How a benchmark's test items are scored (method.md §6); each benchmark declares the kinds it supports.</summary>
public enum ScoringKind
{
    /// <summary>TruthfulQA's MC1/MC2 answer sets: mc1, mc2, mc3, mc_avg by log-likelihood.</summary>
    TruthfulQaMc,

    /// <summary>One gold choice among several: acc/acc_norm by log-likelihood, or gen_acc/unparsable by generating
    /// and parsing the answer (scoring.mode: generate).</summary>
    MultipleChoice,

    /// <summary>A generated answer compared with correct and incorrect references (BLEU/ROUGE), and judged by an LLM
    /// judge where the benchmark allows it.</summary>
    OpenEnded,
}

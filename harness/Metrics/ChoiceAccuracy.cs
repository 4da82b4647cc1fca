namespace SvDecode.Eval.Metrics;

/// <summary>
/// Accuracy of multiple-choice items scored by log-likelihood (lm-evaluation-harness style). The argmax takes the
/// LOWEST index on exact ties (as numpy.argmax does), so a tie is never silently resolved in the gold's favour
/// unless the gold comes first. Under hard-mask scoring choices are ranked with the tie rule of
/// <see cref="AnswerScores"/> (method.md §4, §9).
/// </summary>
public static class ChoiceAccuracy
{
    /// <summary>Index of the largest score; ties go to the lowest index. NaN scores never win (all NaN gives 0).</summary>
    public static int ArgMax(IReadOnlyList<double> scores) => AnswerScores.Plain(scores).Best();

    /// <summary>acc: 1 when the highest log-likelihood is the gold choice's.</summary>
    public static double Acc(IReadOnlyList<double> logLikelihoods, int gold) => Acc(AnswerScores.Plain(logLikelihoods), gold);

    /// <summary>acc: 1 when the gold choice ranks first.</summary>
    public static double Acc(AnswerScores choices, int gold)
    {
        CheckGold(choices.Count, gold);
        return choices.Best() == gold ? 1.0 : 0.0;
    }

    /// <summary>acc_norm: as acc after dividing each log-likelihood by the length in characters (UTF-16 code units)
    /// of that choice's continuation text exactly as it was scored (including any leading space), like
    /// lm-evaluation-harness. An empty continuation keeps its raw score.</summary>
    public static double AccNorm(IReadOnlyList<double> logLikelihoods, IReadOnlyList<string> continuations, int gold) =>
        AccNorm(AnswerScores.Plain(logLikelihoods), continuations, gold);

    /// <summary>acc_norm of ranked choices: both the steered and the tie-breaking unsteered scores are normalised.</summary>
    public static double AccNorm(AnswerScores choices, IReadOnlyList<string> continuations, int gold)
    {
        CheckGold(choices.Count, gold);
        return Normalised(choices, continuations).Best() == gold ? 1.0 : 0.0;
    }

    /// <summary>The choices' scores per character of their continuation text, as acc_norm ranks them.</summary>
    public static AnswerScores Normalised(AnswerScores choices, IReadOnlyList<string> continuations)
    {
        if (continuations.Count != choices.Count)
        {
            throw new ArgumentException($"acc_norm got {choices.Count} scores but {continuations.Count} continuation texts.");
        }
        return choices.PerUnit([.. continuations.Select(c => c.Length)]);
    }

    private static void CheckGold(int choices, int gold)
    {
        if (gold < 0 || gold >= choices)
        {
            throw new ArgumentOutOfRangeException(nameof(gold), gold, $"The gold index must lie in [0, {choices}).");
        }
    }
}

namespace SvDecode.Eval.Metrics;

/// <summary>
/// Accuracy of multiple-choice items scored by log-likelihood (lm-evaluation-harness style). The argmax takes the
/// LOWEST index on exact ties (as numpy.argmax does), so a tie is never silently resolved in the gold's favour
/// unless the gold comes first.
/// </summary>
public static class ChoiceAccuracy
{
    /// <summary>Index of the largest score; ties go to the lowest index. NaN scores never win (all NaN gives 0).</summary>
    public static int ArgMax(IReadOnlyList<double> scores)
    {
        if (scores.Count == 0)
        {
            throw new ArgumentException("Cannot rank zero choices.", nameof(scores));
        }
        var best = -1;
        for (var i = 0; i < scores.Count; i++)
        {
            if (!double.IsNaN(scores[i]) && (best < 0 || scores[i] > scores[best]))
            {
                best = i;
            }
        }
        return best < 0 ? 0 : best;
    }

    /// <summary>acc: 1 when the highest log-likelihood is the gold choice's.</summary>
    public static double Acc(IReadOnlyList<double> logLikelihoods, int gold)
    {
        CheckGold(logLikelihoods.Count, gold);
        return ArgMax(logLikelihoods) == gold ? 1.0 : 0.0;
    }

    /// <summary>acc_norm: as acc after dividing each log-likelihood by the length in characters (UTF-16 code units)
    /// of that choice's continuation text exactly as it was scored (including any leading space), like
    /// lm-evaluation-harness. An empty continuation keeps its raw score.</summary>
    public static double AccNorm(IReadOnlyList<double> logLikelihoods, IReadOnlyList<string> continuations, int gold)
    {
        CheckGold(logLikelihoods.Count, gold);
        if (continuations.Count != logLikelihoods.Count)
        {
            throw new ArgumentException($"acc_norm got {logLikelihoods.Count} scores but {continuations.Count} continuation texts.");
        }
        var normalised = logLikelihoods.Select((ll, i) => continuations[i].Length == 0 ? ll : ll / continuations[i].Length).ToArray();
        return ArgMax(normalised) == gold ? 1.0 : 0.0;
    }

    private static void CheckGold(int choices, int gold)
    {
        if (gold < 0 || gold >= choices)
        {
            throw new ArgumentOutOfRangeException(nameof(gold), gold, $"The gold index must lie in [0, {choices}).");
        }
    }
}

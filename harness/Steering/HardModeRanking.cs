namespace SvDecode.Eval.Steering;

/// <summary>
/// method.md §4 hard-mode tie rule: choices whose tokens leave the keep set score −∞; choices are ranked by steered
/// score, ties broken by the unsteered (adapted-model) score, and remaining ties by the lower index.
/// </summary>
public static class HardModeRanking
{
    public static HardModeRank Rank(IReadOnlyList<double> steeredScores, IReadOnlyList<double> unsteeredScores)
    {
        if (steeredScores.Count != unsteeredScores.Count || steeredScores.Count == 0)
        {
            throw new ArgumentException("Hard-mode ranking needs one steered and one unsteered score per choice, and at least one choice.");
        }
        if (steeredScores.Any(double.IsNaN) || unsteeredScores.Any(double.IsNaN))
        {
            throw new ArgumentException("Hard-mode ranking got a NaN score; NaN cannot be ranked (count non-finite logits upstream).");
        }
        var order = Enumerable.Range(0, steeredScores.Count)
            .OrderByDescending(i => steeredScores[i])
            .ThenByDescending(i => unsteeredScores[i])
            .ThenBy(i => i)
            .ToArray();
        var top = steeredScores[order[0]];
        var tied = steeredScores.Count(s => s == top) > 1;
        return new HardModeRank(order, order[0], tied);
    }
}

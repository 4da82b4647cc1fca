namespace SvDecode.Eval.Metrics;

/// <summary>
/// The scores of one set of answers (an item's choices, or TruthfulQA's mc1 or mc2 answers) as every
/// multiple-choice metric ranks them, so the hard-mask rule (method.md §4, §9) is applied the same way by acc,
/// acc_norm, MC1, MC2 and MC3:
/// <list type="bullet">
/// <item>plain scoring: one log-likelihood per answer, compared as numbers (NaN below everything);</item>
/// <item>hard-mask scoring: the steered log-likelihoods, −∞ for an answer whose tokens left the mask, compared first,
/// and ties among them (typically at −∞) broken by the unsteered log-likelihoods; answers tied on both stay tied
/// (each metric's own tie rule applies: the lower index for acc, "not above" for MC1 and MC3);</item>
/// <item>an item whose steered scores are all −∞ is scored unsteered for every metric (<see cref="AllMasked"/>).</item>
/// </list>
/// MC2 is a probability mass, not a ranking: a −∞ answer carries no mass, and only an all-masked item needs the
/// unsteered scores. So no metric is NaN under hard-mask scoring.
/// </summary>
public sealed class AnswerScores
{
    private AnswerScores(IReadOnlyList<double> scores, IReadOnlyList<double>? unsteered)
    {
        Scores = scores;
        Unsteered = unsteered;
        AllMasked = unsteered is not null && scores.All(double.IsNegativeInfinity);
        Ranked = AllMasked ? unsteered! : scores;
        TieBreak = AllMasked ? null : unsteered;
    }

    /// <summary>Plain scoring: the log-likelihoods alone (unsteered cells, soft and none masks).</summary>
    public static AnswerScores Plain(IReadOnlyList<double> scores)
    {
        if (scores.Count == 0)
        {
            throw new ArgumentException("Cannot rank zero answers.", nameof(scores));
        }
        return new(scores, null);
    }

    /// <summary>Hard-mask scoring: the steered log-likelihoods (−∞ where an answer left the mask) and the unsteered
    /// ones that break their ties.</summary>
    public static AnswerScores HardMask(IReadOnlyList<double> steered, IReadOnlyList<double> unsteered)
    {
        if (steered.Count != unsteered.Count || steered.Count == 0)
        {
            throw new ArgumentException("Hard-mask scoring needs one steered and one unsteered score per answer, and at least one answer.");
        }
        if (steered.Any(double.IsNaN) || unsteered.Any(double.IsNaN))
        {
            throw new ArgumentException("Hard-mask scoring got a NaN score; NaN cannot be ranked (count non-finite logits upstream).");
        }
        return new(steered, unsteered);
    }

    /// <summary>The log-likelihoods as scored (steered in a steered cell), one per answer.</summary>
    public IReadOnlyList<double> Scores { get; }

    /// <summary>Hard-mask scoring's unsteered log-likelihoods; null for plain scoring.</summary>
    public IReadOnlyList<double>? Unsteered { get; }

    /// <summary>Hard-mask scoring: every answer left the mask, so the item is scored on <see cref="Unsteered"/> alone.</summary>
    public bool AllMasked { get; }

    /// <summary>The scores compared first: <see cref="Scores"/>, or the unsteered ones for an all-masked item.</summary>
    public IReadOnlyList<double> Ranked { get; }

    /// <summary>The scores that break ties of <see cref="Ranked"/>: the unsteered ones under hard-mask scoring of an
    /// item that is not all-masked; otherwise null.</summary>
    private IReadOnlyList<double>? TieBreak { get; }

    public int Count => Scores.Count;

    /// <summary>Positive when answer <paramref name="i"/> ranks above answer <paramref name="j"/>, negative below,
    /// 0 when they are tied on every score compared.</summary>
    public int Compare(int i, int j)
    {
        // double.CompareTo puts NaN below every number (−∞ included) and equal to NaN.
        var first = Ranked[i].CompareTo(Ranked[j]);
        return first != 0 || TieBreak is null ? first : TieBreak[i].CompareTo(TieBreak[j]);
    }

    /// <summary>The best answer; answers tied on every compared score go to the lowest index (as numpy.argmax).</summary>
    public int Best()
    {
        var best = 0;
        for (var i = 1; i < Count; i++)
        {
            if (Compare(i, best) > 0)
            {
                best = i;
            }
        }
        return best;
    }

    /// <summary>True when answer <paramref name="i"/> ranks above every answer in <paramref name="others"/>.</summary>
    public bool Beats(int i, IEnumerable<int> others) => others.All(j => Compare(i, j) > 0);

    /// <summary>
    /// Whether the unsteered scores decided if one of <paramref name="candidates"/> beats all of
    /// <paramref name="rivals"/>: the item is all-masked, or a candidate's steered score equals the best rival's (so
    /// only the tie-break separates them). False for plain scoring. Counted per run (method.md §4).
    /// </summary>
    public bool TieBreakDecides(IEnumerable<int> candidates, IReadOnlyCollection<int> rivals)
    {
        if (AllMasked)
        {
            return true;
        }
        if (TieBreak is null || rivals.Count == 0)
        {
            return false;
        }
        var bestRival = rivals.Max(j => Ranked[j]);
        return candidates.Any(i => Ranked[i] == bestRival);
    }

    /// <summary>Whether the unsteered scores decided which answer is <see cref="Best"/>.</summary>
    public bool TieBreakDecidesBest()
    {
        var best = Best();
        return TieBreakDecides([best], [.. Enumerable.Range(0, Count).Where(j => j != best)]);
    }

    /// <summary>
    /// The same answers with every score divided by a length (acc_norm: characters of the continuation); a zero
    /// length keeps the score. Under hard-mask scoring the unsteered scores are divided too, so ties are broken on
    /// the same normalised scale; −∞ stays −∞.
    /// </summary>
    public AnswerScores PerUnit(IReadOnlyList<int> lengths)
    {
        if (lengths.Count != Count)
        {
            throw new ArgumentException($"Got {Count} scores but {lengths.Count} lengths.", nameof(lengths));
        }
        double[] Divide(IReadOnlyList<double> values) => [.. values.Select((v, i) => lengths[i] == 0 ? v : v / lengths[i])];
        return new(Divide(Scores), Unsteered is null ? null : Divide(Unsteered));
    }
}

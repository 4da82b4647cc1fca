namespace SvDecode.Eval.Comparison;

/// <summary>
/// The outcome of `compare --exact`: how many per-item scores both runs have, and every one that differs beyond
/// <see cref="Tolerance"/> (0: as written in item_scores.jsonl, bit for bit), in the baseline's order.
/// </summary>
public sealed record ExactComparison(int ScoresCompared, double Tolerance, IReadOnlyList<ItemChange> Changes)
{
    public bool Unchanged => Changes.Count == 0;
}

using SvDecode.Eval.Metrics;

namespace SvDecode.Eval.Sharding;

/// <summary>
/// shard_scores.json in a shard folder, always written: every unit's per-item scores (all metrics, item order), and the
/// score stage's items.jsonl relative to the shard folder. Merge recomputes metrics, standard errors and paired deltas
/// from them.
/// </summary>
public sealed record ShardUnitScores(int UnitIndex, string Cell, string Benchmark, int Part, int Parts, string? Outputs, IReadOnlyList<ItemScores> Scores)
{
    public const string FileName = "shard_scores.json";
}

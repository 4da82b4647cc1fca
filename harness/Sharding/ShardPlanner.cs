using SvDecode.Eval.Engine;

namespace SvDecode.Eval.Sharding;

/// <summary>
/// Deals the units of a run (cells × benchmarks, in matrix order) to shards, deterministically from the unit list and
/// the shard count only. With at least as many units as shards, unit u goes whole to shard u mod n (round-robin, so
/// each shard gets a mix of cells and benchmarks). With fewer units (U) than shards (n), every shard gets one unit and
/// a contiguous slice of its test items: unit u is cut into ⌊n/U⌋ parts, one more for the first n mod U units.
/// </summary>
public static class ShardPlanner
{
    public static IReadOnlyList<(WorkUnit Unit, UnitAssignment Assignment)> Assign(IReadOnlyList<WorkUnit> units, ShardSpec shard) =>
        [.. For(units.Count, shard).Select(a => (units[a.UnitIndex], a with { Cell = units[a.UnitIndex].Cell.Id, Benchmark = units[a.UnitIndex].Benchmark.Id }))];

    /// <summary>The assignment of shard <paramref name="shard"/> for a run of <paramref name="unitCount"/> units (cell and benchmark left empty).</summary>
    public static IReadOnlyList<UnitAssignment> For(int unitCount, ShardSpec shard)
    {
        if (unitCount == 0)
        {
            return [];
        }
        if (unitCount >= shard.Count)
        {
            return [.. Enumerable.Range(0, unitCount).Where(u => u % shard.Count == shard.Index).Select(u => new UnitAssignment(u, "", "", 0, 1))];
        }
        var first = 0;
        for (var u = 0; u < unitCount; u++)
        {
            var parts = PartsOf(u, unitCount, shard.Count);
            if (shard.Index < first + parts)
            {
                return [new UnitAssignment(u, "", "", shard.Index - first, parts)];
            }
            first += parts;
        }
        throw new InvalidOperationException("unreachable: every shard index below the count has a unit");
    }

    /// <summary>How many item slices unit <paramref name="unit"/> is cut into when there are fewer units than shards.</summary>
    public static int PartsOf(int unit, int unitCount, int shardCount) =>
        unitCount >= shardCount ? 1 : (shardCount / unitCount) + (unit < shardCount % unitCount ? 1 : 0);
}

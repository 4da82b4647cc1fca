using SvDecode.Eval.Pipeline;
using SvDecode.Eval.Results;

namespace SvDecode.Eval.Sharding;

/// <summary>
/// Deals the units of a run (cells × benchmarks, in matrix order) to shards, deterministically from the unit list and
/// the shard count only, in three regimes:
/// <list type="number">
/// <item>at least as many warm-start groups as shards (a group: the units of one PEFT method, seed and benchmark, which
/// differ only in steering and share one trained adapter): group g (in order of first unit) goes whole to shard
/// g mod n, so no adapter is trained twice;</item>
/// <item>else at least as many units as shards: unit u goes to shard u mod n (an adapter may be trained in two shards);</item>
/// <item>else every shard gets one unit and a contiguous slice of its test items: unit u is cut into ⌊n/U⌋ parts,
/// one more for the first n mod U units (train and calibration work is repeated in each part's shard).</item>
/// </list>
/// </summary>
public static class ShardPlanner
{
    public static IReadOnlyList<(WorkUnit Unit, UnitAssignment Assignment)> Assign(IReadOnlyList<WorkUnit> units, ShardSpec shard)
    {
        var groups = units.Select(u => (u.Cell.Unsteered(), u.Benchmark)).ToList();
        var ids = groups.Select(g => groups.IndexOf(g)).ToList();
        return [.. For(ids, shard).Select(a => (units[a.UnitIndex], a with { Cell = units[a.UnitIndex].Cell.Id, Benchmark = units[a.UnitIndex].Benchmark.Id }))];
    }

    /// <summary>The assignment of a shard when every unit is its own warm-start group (cell and benchmark left empty).</summary>
    public static IReadOnlyList<UnitAssignment> For(int unitCount, ShardSpec shard) => For([.. Enumerable.Range(0, unitCount)], shard);

    /// <param name="groups">Per unit (matrix order), an id shared by the units that share a warm-start.</param>
    /// <param name="shard">The shard whose share is wanted.</param>
    public static IReadOnlyList<UnitAssignment> For(IReadOnlyList<int> groups, ShardSpec shard)
    {
        var unitCount = groups.Count;
        var order = groups.Distinct().ToList();
        if (order.Count >= shard.Count)
        {
            return [.. Enumerable.Range(0, unitCount).Where(u => order.IndexOf(groups[u]) % shard.Count == shard.Index).Select(u => new UnitAssignment(u, "", "", 0, 1))];
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
        return [];
    }

    /// <summary>How many item slices unit <paramref name="unit"/> is cut into when there are fewer units than shards.</summary>
    public static int PartsOf(int unit, int unitCount, int shardCount) =>
        unitCount >= shardCount ? 1 : (shardCount / unitCount) + (unit < shardCount % unitCount ? 1 : 0);
}

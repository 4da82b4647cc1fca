using SvDecode.Eval.Sharding;
using Xunit;

namespace SvDecode.Eval.Tests.Sharding;

public sealed class ShardPlannerTests
{
    public static TheoryData<int, int> Sizes()
    {
        var data = new TheoryData<int, int>();
        foreach (var units in new[] { 1, 2, 3, 5, 8, 16, 72 })
        {
            foreach (var shards in new[] { 1, 2, 3, 4, 7, 16, 100 })
            {
                data.Add(units, shards);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void EveryUnitAndEveryItemPartGoesToExactlyOneShard(int units, int shards)
    {
        // Units alone, and units in steering pairs that share a warm-start (groups of two, as off/on cells make).
        Check(units, shards, [.. Enumerable.Range(0, units)]);
        Check(units, shards, [.. Enumerable.Range(0, units).Select(u => u / 2)]);
    }

    private static void Check(int units, int shards, IReadOnlyList<int> groups)
    {
        var all = Enumerable.Range(0, shards).SelectMany(i => ShardPlanner.For(groups, new ShardSpec(i, shards)).Select(a => (Shard: i, a))).ToList();

        foreach (var unit in Enumerable.Range(0, units))
        {
            var parts = all.Where(x => x.a.UnitIndex == unit).ToList();
            var count = parts[0].a.Parts;
            Assert.All(parts, p => Assert.Equal(count, p.a.Parts));
            Assert.Equal(Enumerable.Range(0, count), parts.Select(p => p.a.Part).Order());
        }
        Assert.Equal(units, all.Select(x => x.a.UnitIndex).Distinct().Count());
        // Units are dealt before items: parts only when there are fewer units than shards, and then every shard works.
        Assert.Equal(units >= shards, all.All(x => x.a.Parts == 1));
        Assert.Equal(shards, all.Select(x => x.Shard).Distinct().Count()); // no shard idles
    }

    [Fact]
    public void UnitsSharingAWarmStartStayTogetherWhileThereAreEnoughGroups()
    {
        int[] pairs = [0, 0, 1, 1, 2, 2]; // 3 PEFT methods x {off, on} on one benchmark
        Assert.Equal([0, 1, 4, 5], ShardPlanner.For(pairs, new ShardSpec(0, 2)).Select(a => a.UnitIndex));
        Assert.Equal([2, 3], ShardPlanner.For(pairs, new ShardSpec(1, 3)).Select(a => a.UnitIndex));
        // Four shards for three groups: units are dealt one by one (a pair's adapter is then trained in two shards).
        Assert.Equal([1, 5], ShardPlanner.For(pairs, new ShardSpec(1, 4)).Select(a => a.UnitIndex));
    }

    [Fact]
    public void TheAssignmentIsRoundRobinOverUnitsAndStable()
    {
        Assert.Equal([1, 4, 7], ShardPlanner.For(8, new ShardSpec(1, 3)).Select(a => a.UnitIndex));
        Assert.Equal(ShardPlanner.For(8, new ShardSpec(2, 3)), ShardPlanner.For(8, new ShardSpec(2, 3)));
        // 2 units on 5 shards: unit 0 in 3 item parts (shards 0-2), unit 1 in 2 (shards 3-4).
        Assert.Equal([(0, 0, 3), (0, 1, 3), (0, 2, 3), (1, 0, 2), (1, 1, 2)],
            Enumerable.Range(0, 5).Select(i => ShardPlanner.For(2, new ShardSpec(i, 5)).Single()).Select(a => (a.UnitIndex, a.Part, a.Parts)));
    }

    [Theory]
    [InlineData(10, 3)]
    [InlineData(2, 3)]
    [InlineData(0, 2)]
    [InlineData(817, 7)]
    public void ItemPartsAreContiguousAndConcatenateToTheWholeSplit(int items, int parts)
    {
        var ids = Enumerable.Range(0, items).Select(i => $"item-{i}").ToList();
        var slices = Enumerable.Range(0, parts).Select(p => new ItemShare(p, parts).Slice(ids)).ToList();
        Assert.Equal(ids, slices.SelectMany(s => s));
        Assert.True(slices.Max(s => s.Count) - slices.Min(s => s.Count) <= 1);
    }
}

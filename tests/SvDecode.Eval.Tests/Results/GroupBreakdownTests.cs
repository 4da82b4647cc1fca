using System.Text.Json;
using SvDecode.Eval.Metrics;
using SvDecode.Eval.Results;
using SvDecode.Eval.Scoring;
using SvDecode.Eval.Tests.Support;
using Xunit;

namespace SvDecode.Eval.Tests.Results;

public sealed class GroupBreakdownTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Outputs(params (string Id, string? Group)[] items) => _dir.File("items.jsonl", string.Concat(items.Select(i =>
        JsonSerializer.Serialize(new ItemOutput(i.Id, i.Group, "multiple_choice", "Q", null, null, null, null, null, null, null, null, null, null, false), Json.Canonical) + "\n")));

    [Fact]
    public void EachGroupGetsTheMeanAndStandardErrorOfItsItems()
    {
        var path = Outputs(("a", "astronomy"), ("b", "law"), ("c", "astronomy"), ("d", null), ("e", "astronomy"));
        var scores = new[]
        {
            new ItemScores("acc", ["a", "b", "c", "d", "e"], [1, 0, 0, 1, 1]),
            new ItemScores("acc_norm", ["a", "b", "c", "d", "e"], [1, 1, 1, 0, 0]),
        };

        var groups = GroupBreakdown.Of(scores, path)!;

        Assert.Equal(["astronomy", "law"], groups.Keys.Order(StringComparer.Ordinal));
        var astronomy = groups["astronomy"].Single(m => m.Name == "acc");
        // acc over a, c, e = {1, 0, 1}: mean 2/3, sample sd √(1/3), s.e. √(1/3)/√3 = 1/3.
        Assert.Equal(2.0 / 3, astronomy.Value, 1e-12);
        Assert.Equal(1.0 / 3, astronomy.Stderr!.Value, 1e-12);
        Assert.Equal(3, astronomy.N);
        Assert.Equal(2.0 / 3, groups["astronomy"].Single(m => m.Name == "acc_norm").Value, 1e-12); // {1, 1, 0}
        // One item: a mean with no standard error; the ungrouped item d is in no group.
        Assert.Equal((0.0, 1), (groups["law"][0].Value, groups["law"][0].N));
        Assert.True(double.IsNaN(groups["law"][0].Stderr!.Value));
    }

    [Fact]
    public void ItemsWithoutGroupsGiveNoBreakdown()
    {
        var scores = new[] { new ItemScores("acc", ["a", "b"], [1, 0]) };
        Assert.Null(GroupBreakdown.Of(scores, Outputs(("a", null), ("b", null))));
        Assert.Null(GroupBreakdown.Of(scores, null));
    }

    [Fact]
    public void ABrokenLineIsNamedWithItsFileAndLine()
    {
        var path = _dir.File("bad.jsonl", "{\"doc_id\":\"a\",\"group\":\"x\"}\n{not json\n");
        var error = Assert.Throws<InputException>(() => GroupBreakdown.Of([new ItemScores("acc", ["a"], [1])], path));
        Assert.Contains($"{path}, line 2", error.Message, StringComparison.Ordinal);
    }
}

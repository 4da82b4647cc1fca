using System.Text.Json;
using SvDecode.Eval.Comparison;
using SvDecode.Eval.Hosting;
using SvDecode.Eval.Metrics;
using SvDecode.Eval.Results;
using SvDecode.Eval.Tests.Results;
using SvDecode.Eval.Tests.Support;
using Xunit;
using static SvDecode.Eval.Tests.Comparison.ComparisonTestRuns;

namespace SvDecode.Eval.Tests.Comparison;

/// <summary>`compare --exact` on constructed runs: every per-item change is reported, beside the statistical verdict.</summary>
public sealed class ExactCompareTests : IDisposable
{
    private static readonly string[] Ids = ["q0", "q1", "q2", "q3"];

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static Task<(int Code, string Out, string Error)> Compare(params string[] args) => CliRunner.RunAsync(["compare", .. args]);

    private static UnitItemLog Mc2(string cell, IReadOnlyList<string> ids, IReadOnlyList<double> values) =>
        new(cell, "truthfulqa_mc", [new ItemScores("mc2", ids, values)], null);

    [Fact]
    public async Task AChangedAMissingAndAnAddedItemAreEachReportedAndExitThreeWhileTheGatePasses()
    {
        var results = SampleResults.Build();
        var baseline = Write(_dir, "a", results, Mc2("lora", Ids, [0.25, 0.5, 0.75, 1.0]), Mc2("ia3", Ids, [0.1, 0.2, 0.3, 0.4]));
        var current = Write(_dir, "b", results, Mc2("lora", ["q0", "q1", "q2", "q9"], [0.25, 0.5000001, 0.75, 0.9]), Mc2("ia3", Ids, [0.1, 0.2, 0.3, 0.4]));

        var (code, output, _) = await Compare(baseline, current, "--exact");

        Assert.Equal(ExitCodes.ScoresChanged, code);
        Assert.Contains("**PASSED**", output, StringComparison.Ordinal);
        Assert.Contains("**CHANGED**: 1 of 7 per-item scores differ (values as written), 1 missing, 1 added, in 1 cell(s): lora.", output, StringComparison.Ordinal);
        Assert.Contains("| truthfulqa_mc | lora | mc2 | q1 | 0.5 | 0.5000001 | +1E-7 |", output, StringComparison.Ordinal);
        Assert.Contains("| truthfulqa_mc | lora | mc2 | q3 | 1 | — | — |", output, StringComparison.Ordinal);
        Assert.Contains("| truthfulqa_mc | lora | mc2 | q9 | — | 0.9 | — |", output, StringComparison.Ordinal);
        Assert.DoesNotContain("| ia3 | mc2 | q", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutExactTheSameRunsPass()
    {
        var results = SampleResults.Build();
        var baseline = Write(_dir, "a", results, Mc2("lora", Ids, [0.25, 0.5, 0.75, 1.0]));
        var current = Write(_dir, "b", results, Mc2("lora", Ids, [0.25, 0.5000001, 0.75, 1.0]));

        var (code, output, _) = await Compare(baseline, current);

        Assert.Equal(ExitCodes.Success, code);
        Assert.DoesNotContain("Exact per-item", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARegressionStillExitsOneAndTheChangesAreListedToo()
    {
        // 30 of 100 right, then 22: eight items went wrong (McNemar p = 2/256), 8 points beyond --max-drop 5.
        var results = SampleResults.Build();
        var baseline = Write(_dir, "a", WithMetric(results, "lora", "arc_easy", new MetricValue("acc", 0.30, 0.046, 100)), Binary("lora", "arc_easy", "acc", 100, 30));
        var current = Write(_dir, "b", WithMetric(results, "lora", "arc_easy", new MetricValue("acc", 0.22, 0.042, 100)), Binary("lora", "arc_easy", "acc", 100, 22));

        var (code, output, _) = await Compare(baseline, current, "--exact", "--max-drop", "5", "--format", "json");

        Assert.Equal(ExitCodes.RunFailed, code);
        var root = JsonDocument.Parse(output).RootElement;
        Assert.False(root.GetProperty("passed").GetBoolean());
        Assert.False(root.GetProperty("unchanged").GetBoolean());
        var changes = root.GetProperty("report").GetProperty("exact").GetProperty("changes").EnumerateArray()
            .Select(c => (c.GetProperty("item").GetString(), c.GetProperty("baseline").GetDouble(), c.GetProperty("current").GetDouble(), c.GetProperty("kind").GetString()))
            .ToList();
        Assert.Equal(Enumerable.Range(22, 8).Select(i => ((string?)$"q{i}", 1.0, 0.0, (string?)"changed")), changes);
    }

    [Fact]
    public void ATolerancePassesFloatNoiseButNotAFlippedItem()
    {
        var results = SampleResults.Build();
        var baseline = ComparisonInput.Load(Write(_dir, "a", results, Mc2("lora", Ids, [0.25, 0.5, 0.75, 1.0])));
        var noisy = ComparisonInput.Load(Write(_dir, "b", results, Mc2("lora", Ids, [0.25 + 3e-13, 0.5 - 1e-12, 0.75, 1.0])));
        var flipped = ComparisonInput.Load(Write(_dir, "c", results, Mc2("lora", Ids, [0.25, 0.5, 0.75, 0.0])));

        Assert.Equal(2, ExactComparer.Compare(baseline, noisy, tolerance: 0).Changes.Count);
        Assert.True(ExactComparer.Compare(baseline, noisy, tolerance: 1e-9).Unchanged);
        Assert.Equal("q3", Assert.Single(ExactComparer.Compare(baseline, flipped, tolerance: 1e-9).Changes).Item);
    }

    [Fact]
    public async Task ExactWithoutPerItemScoresIsBadInputNamingTheFile()
    {
        var baseline = Write(_dir, "a", SampleResults.Build());
        var current = Write(_dir, "b", SampleResults.Build(), Mc2("lora", Ids, [0.25, 0.5, 0.75, 1.0]));

        var (code, _, error) = await Compare(baseline, current, "--exact");

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains($"{baseline}: --exact compares per-item scores, and there is no item_scores.jsonl beside it (run with --log-items)", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("NaN")]
    public async Task ANegativeOrUndefinedToleranceIsRefused(string tolerance)
    {
        var run = Write(_dir, "a", SampleResults.Build());

        var (code, _, error) = await Compare(run, run, "--exact", "--exact-tolerance", tolerance);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("--exact-tolerance", error, StringComparison.Ordinal);
    }
}

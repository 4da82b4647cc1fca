using Snapshooter;
using Snapshooter.Xunit;
using SvDecode.Eval.Comparison;
using SvDecode.Eval.Hosting;
using SvDecode.Eval.Metrics;
using SvDecode.Eval.Results;
using SvDecode.Eval.Tests.Results;
using SvDecode.Eval.Tests.Support;
using Xunit;
using static SvDecode.Eval.Tests.Comparison.ComparisonTestRuns;

namespace SvDecode.Eval.Tests.Comparison;

/// <summary>`compare` on constructed runs: the verdicts and exit codes of the regression gate.</summary>
public sealed class CompareVerdictTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static Task<(int Code, string Out, string Error)> Compare(params string[] args) => CliRunner.RunAsync(["compare", .. args]);

    [Fact]
    public async Task NoChangePassesWithEveryMetricUnchanged()
    {
        var baseline = Write(_dir, "a", SampleResults.Build());
        var current = Write(_dir, "b", SampleResults.Build() with { Manifest = SampleResults.Build().Manifest with { FinishedAt = SampleResults.Started.AddHours(24) } });

        var (code, output, _) = await Compare(baseline, current, "--format", "json");

        Assert.Equal(ExitCodes.Success, code);
        var report = System.Text.Json.JsonDocument.Parse(output).RootElement;
        Assert.True(report.GetProperty("passed").GetBoolean());
        var verdicts = report.GetProperty("report").GetProperty("metrics").EnumerateArray().Select(m => m.GetProperty("verdict").GetString()).ToList();
        Assert.Equal(12, verdicts.Count);
        Assert.All(verdicts, v => Assert.Equal("unchanged", v));
    }

    [Fact]
    public async Task ADropWithinNoisePasses()
    {
        // 0.61 ± 0.049 → 0.58 ± 0.049: z = −0.03 / 0.0693 = −0.43, p ≈ 0.665.
        var baseline = Write(_dir, "a", SampleResults.Build());
        var current = Write(_dir, "b", WithMetric(SampleResults.Build(), "lora", "arc_easy", new MetricValue("acc", 0.58, 0.049, 100)));

        var (code, output, _) = await Compare(baseline, current);

        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("| arc_easy | lora | acc | 0.6100 ± 0.0490 | 0.5800 ± 0.0490 | -3.00 | z_test | p = 0.6651 | within noise |", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--significance")]
    [InlineData("--alpha")] // the older name of the same option
    public async Task TheSignificanceLevelDecidesWhichDropsCount(string option)
    {
        // The drop of ADropWithinNoisePasses (3 points, p ≈ 0.665): a regression only at a level above its p-value.
        var baseline = Write(_dir, "a", SampleResults.Build());
        var current = Write(_dir, "b", WithMetric(SampleResults.Build(), "lora", "arc_easy", new MetricValue("acc", 0.58, 0.049, 100)));

        Assert.Equal(ExitCodes.RunFailed, (await Compare(baseline, current, "--max-drop", "2", option, "0.7")).Code);
        Assert.Equal(ExitCodes.Success, (await Compare(baseline, current, "--max-drop", "2", option, "0.6")).Code);
        var (code, _, error) = await Compare(baseline, current, option, "1.5");
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("--significance: 1.5 is not allowed", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASignificantDropBeyondTheAllowanceFailsAndWithinItPasses()
    {
        // 0.61 ± 0.01 → 0.50 ± 0.01: z = −0.11 / 0.01414 = −7.8, a drop of 11 points.
        var baseline = Write(_dir, "a", WithMetric(SampleResults.Build(), "ia3", "arc_easy", new MetricValue("acc", 0.61, 0.01, 100)));
        var current = Write(_dir, "b", WithMetric(SampleResults.Build(), "ia3", "arc_easy", new MetricValue("acc", 0.50, 0.01, 100)));

        var (code, output, _) = await Compare(baseline, current, "--max-drop", "2");
        Assert.Equal(ExitCodes.RunFailed, code);
        Assert.Contains("**FAILED**: 1 regression(s), 0 missing metric(s).", output, StringComparison.Ordinal);
        Assert.Contains("| arc_easy | ia3 | acc | 0.6100 ± 0.0100 | 0.5000 ± 0.0100 | -11.00 | z_test | p < 0.0001 | ❌ regression |", output, StringComparison.Ordinal);

        var (tolerant, _, _) = await Compare(baseline, current, "--max-drop", "12");
        Assert.Equal(ExitCodes.Success, tolerant);
    }

    [Fact]
    public async Task PerItemScoresGiveMcNemarsExactTest()
    {
        // 30 items right in the baseline, 22 of them still right: 8 discordant pairs, all one way: p = 2 · 2⁻⁸.
        var results = SampleResults.Build();
        var baseline = Write(_dir, "a", WithMetric(results, "lora", "arc_easy", new MetricValue("acc", 0.30, 0.046, 100)), Binary("lora", "arc_easy", "acc", 100, 30));
        var current = Write(_dir, "b", WithMetric(results, "lora", "arc_easy", new MetricValue("acc", 0.22, 0.042, 100)), Binary("lora", "arc_easy", "acc", 100, 22));

        var report = ResultsComparer.Compare(ComparisonInput.Load(baseline), ComparisonInput.Load(current), new ComparisonOptions(MaxDropPoints: 5));

        var acc = report.Metrics.Single(m => m.Cell == "lora" && m.Metric == "acc");
        Assert.Equal(("mcnemar", 100), (acc.Test, acc.PairedItems));
        Assert.Equal(2.0 / 256, acc.PValue!.Value, 12);
        Assert.Equal(-8.0, acc.DeltaPoints!.Value, 9);
        Assert.Equal(MetricVerdict.Regression, acc.Verdict);
        // The same two means from the standard errors alone would not be significant (z = −1.28).
        var unpaired = ResultsComparer.Compare(ComparisonInput.Load(baseline) with { Items = null }, ComparisonInput.Load(current), new ComparisonOptions(MaxDropPoints: 5));
        Assert.Equal(MetricVerdict.WithinNoise, unpaired.Metrics.Single(m => m.Cell == "lora" && m.Metric == "acc").Verdict);
    }

    [Fact]
    public void ContinuousPerItemScoresGiveAPairedBootstrap()
    {
        var ids = Enumerable.Range(0, 50).Select(i => $"q{i}").ToList();
        var before = ids.Select((_, i) => 0.4 + 0.01 * (i % 10)).ToList();
        var after = before.Select(v => v - 0.05).ToList(); // every item 5 points lower: the interval is exactly [−5, −5]
        var results = SampleResults.Build();
        var baseline = Write(_dir, "a", results, new UnitItemLog("ia3", "truthfulqa_mc", [new ItemScores("mc2", ids, before)], null));
        var current = Write(_dir, "b", WithMetric(results, "ia3", "truthfulqa_mc", new MetricValue("mc2", 0.39, 0.031, 50)),
            new UnitItemLog("ia3", "truthfulqa_mc", [new ItemScores("mc2", ids, after)], null));

        var mc2 = ResultsComparer.Compare(ComparisonInput.Load(baseline), ComparisonInput.Load(current), new ComparisonOptions())
            .Metrics.Single(m => m.Cell == "ia3" && m.Metric == "mc2");

        Assert.Equal(("paired_bootstrap", 50), (mc2.Test, mc2.PairedItems));
        Assert.Equal(-5.0, mc2.CiLowPoints!.Value, 9);
        Assert.Equal(-5.0, mc2.CiHighPoints!.Value, 9);
        Assert.Equal(MetricVerdict.Regression, mc2.Verdict);
    }

    [Fact]
    public async Task AMissingCellFails()
    {
        var baseline = Write(_dir, "a", SampleResults.Build());
        var current = Write(_dir, "b", WithoutCell(SampleResults.Build(), "ia3+svdecode"));

        var (code, output, _) = await Compare(baseline, current);

        Assert.Equal(ExitCodes.RunFailed, code);
        Assert.Contains("**FAILED**: 0 regression(s), 3 missing metric(s).", output, StringComparison.Ordinal);
        Assert.Contains("| truthfulqa_mc | ia3+svdecode | mc1 | 0.2700 ± 0.0460 | — | — | none | — | ❌ missing |", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ANewCellIsReportedButDoesNotFail()
    {
        var baseline = Write(_dir, "a", WithoutCell(SampleResults.Build(), "ia3+svdecode"));
        var current = Write(_dir, "b", SampleResults.Build());

        var (code, output, _) = await Compare(baseline, current);

        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("| ia3+svdecode | mc2 | — | 0.4300 ± 0.0310 | — | none | — | new |", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MismatchedPipelinesExitWithTwo()
    {
        var baseline = Write(_dir, "a", SampleResults.Build());
        var current = Write(_dir, "b", SampleResults.Build() with { Manifest = SampleResults.Build().Manifest with { PipelineName = "other" } });

        var (code, _, error) = await Compare(baseline, current);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("pipeline 'other' is not the baseline's 'sample'", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("{\"schema\": \"something/else\", \"schema_version\": 1}")]
    [InlineData("{\"schema\": \"svdecode-eval/results\", \"schema_version\": 99}")]
    public async Task UnreadableOrForeignFilesExitWithTwo(string text)
    {
        var baseline = Write(_dir, "a", SampleResults.Build());
        var current = _dir.File("b/results.json", text);

        var (code, _, error) = await Compare(baseline, current);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains(current, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMissingFileExitsWithTwo()
    {
        var (code, _, _) = await Compare(Write(_dir, "a", SampleResults.Build()), _dir.Combine("nowhere", "results.json"));
        Assert.Equal(ExitCodes.BadInput, code);
    }

    [Fact]
    public void ALowerIsBetterMetricRegressesWhenItRises()
    {
        var results = SampleResults.Build();
        RunResults With(double unparsable) => WithMetric(results with
        {
            Cells = [.. results.Cells.Select(c => c with { Benchmarks = [.. c.Benchmarks.Select(b => b with { Metrics = [.. b.Metrics, new MetricValue("unparsable", 0.01, 0.001, 100)] })] })],
        }, "lora", "arc_easy", new MetricValue("unparsable", unparsable, 0.001, 100));
        var baseline = Write(_dir, "a", With(0.01));
        var current = Write(_dir, "b", With(0.2));

        var unparsable = ResultsComparer.Compare(ComparisonInput.Load(baseline), ComparisonInput.Load(current), new ComparisonOptions())
            .Metrics.Single(m => m.Cell == "lora" && m.Benchmark == "arc_easy" && m.Metric == "unparsable");

        Assert.Equal(MetricVerdict.Regression, unparsable.Verdict);
    }

    [Fact]
    public async Task TheMarkdownSummaryMatchesTheSnapshot()
    {
        var baseline = Write(_dir, "a", WithMetric(SampleResults.Build(), "ia3", "arc_easy", new MetricValue("acc", 0.61, 0.01, 100)));
        var current = Write(_dir, "b", WithMetric(WithoutCell(SampleResults.Build(), "lora+svdecode"), "ia3", "arc_easy", new MetricValue("acc", 0.50, 0.01, 100)));

        var (code, output, _) = await Compare(baseline, current);

        Assert.Equal(ExitCodes.RunFailed, code);
        Snapshot.Match(output, SnapshotNameExtension.Create("md"));
    }
}

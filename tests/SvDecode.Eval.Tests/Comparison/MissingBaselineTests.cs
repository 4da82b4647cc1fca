using SvDecode.Eval.Hosting;
using SvDecode.Eval.Results;
using SvDecode.Eval.Tests.Results;
using SvDecode.Eval.Tests.Support;
using Xunit;
using static SvDecode.Eval.Tests.Comparison.ComparisonTestRuns;

namespace SvDecode.Eval.Tests.Comparison;

/// <summary>A missing baseline fails the gate, unless the first run says so: then the current run becomes the proposed baseline.</summary>
public sealed class MissingBaselineTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Current() => Write(_dir, "current", SampleResults.Build(), Binary("lora", "arc_easy", "acc", 10, 6));

    [Fact]
    public async Task AMissingBaselineFailsAndSaysHowToStart()
    {
        var baseline = _dir.Combine("baselines", "nightly", "results.json");

        var (code, output, error) = await CliRunner.RunAsync("compare", baseline, Current(), "--exact");

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Equal("", output);
        Assert.Contains($"{baseline}: no baseline there.", error, StringComparison.Ordinal);
        Assert.Contains("--allow-missing-baseline", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_dir.Combine("baselines")));
    }

    [Fact]
    public async Task TheFirstRunRecordsTheCurrentRunAsTheProposedBaselineWhichTheNextRunPasses()
    {
        var baseline = _dir.Combine("baselines", "nightly", "results.json");
        var current = Current();

        var (code, output, _) = await CliRunner.RunAsync("compare", baseline, current, "--exact", "--allow-missing-baseline");

        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("**FIRST RUN**", output, StringComparison.Ordinal);
        Assert.Contains($"- `{baseline}`", output, StringComparison.Ordinal);
        Assert.Equal(File.ReadAllBytes(current), File.ReadAllBytes(baseline));
        var items = Path.Combine(Path.GetDirectoryName(baseline)!, ItemScoreLog.FileName);
        Assert.Equal(File.ReadAllBytes(Path.Combine(Path.GetDirectoryName(current)!, ItemScoreLog.FileName)), File.ReadAllBytes(items));

        // The flag only matters when there is no baseline: now there is one, and it is compared.
        var (next, nextOutput, _) = await CliRunner.RunAsync("compare", baseline, current, "--exact", "--allow-missing-baseline");
        Assert.Equal(ExitCodes.Success, next);
        Assert.Contains("**UNCHANGED**: all 10 per-item scores", nextOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnIncompleteRunIsNeverRecordedAsABaseline()
    {
        var failed = Write(_dir, "failed", SampleResults.Build() with { Status = RunStatus.Failed, Error = "boom" });
        var baseline = _dir.Combine("baselines", "results.json");

        var (code, _, error) = await CliRunner.RunAsync("compare", baseline, failed, "--allow-missing-baseline");

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("not complete; a baseline must be a complete run", error, StringComparison.Ordinal);
        Assert.False(File.Exists(baseline));
    }

    [Fact]
    public async Task ExactNeedsPerItemScoresInTheRecordedBaseline()
    {
        var current = Write(_dir, "plain", SampleResults.Build());
        var baseline = _dir.Combine("baselines", "results.json");

        var (code, _, error) = await CliRunner.RunAsync("compare", baseline, current, "--exact", "--allow-missing-baseline");

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("run with --log-items", error, StringComparison.Ordinal);
        Assert.False(File.Exists(baseline));
    }
}

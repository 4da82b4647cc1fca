using SvDecode.Eval.Comparison;
using SvDecode.Eval.Hosting;
using SvDecode.Eval.Tests.Sharding;
using SvDecode.Eval.Tests.Support;
using Xunit;

namespace SvDecode.Eval.Tests.Comparison;

/// <summary>
/// `compare --exact` on two real runs of the shrunk quickstart the sharding tests use (demo model, LoRA without and
/// with SVDecode, 12 items): a fixed, strong steering strength (strength.aggregate fixed, μ̄ = 5, instead of the
/// calibrated mean) changes what the steered cell scores and cannot touch the unsteered one, so --exact must list
/// changes in lora+svdecode and none in lora.
/// </summary>
public sealed class ExactCompareRealRunTests(ExactCompareRealRunTests.Runs runs) : IClassFixture<ExactCompareRealRunTests.Runs>
{
    public sealed class Runs : IAsyncLifetime
    {
        private readonly TempDirectory _dir = new();

        public string Baseline => _dir.Combine("baseline", "results.json");

        public string Stronger => _dir.Combine("stronger", "results.json");

        public async Task InitializeAsync()
        {
            foreach (var (folder, strength) in new[] { ("baseline", Array.Empty<string>()), ("stronger", ["--set", "strength.aggregate=fixed", "--set", "strength.fixed=5"]) })
            {
                var (code, _, error) = await CliRunner.RunAsync(
                    ["run", ShardMergeFixture.Quickstart, .. ShardMergeFixture.Small, .. strength, "--output", _dir.Combine(folder)]);
                Assert.True(code == ExitCodes.Success, error);
            }
        }

        public Task DisposeAsync()
        {
            _dir.Dispose();
            return Task.CompletedTask;
        }
    }

    [Fact]
    public void AnotherSteeringStrengthChangesOnlyTheSteeredCellsItems()
    {
        var exact = ExactComparer.Compare(ComparisonInput.Load(runs.Baseline), ComparisonInput.Load(runs.Stronger), tolerance: 0);

        Assert.NotEmpty(exact.Changes);
        Assert.All(exact.Changes, c => Assert.Equal(("lora+svdecode", "changed"), (c.Cell, c.Kind)));
        Assert.All(exact.Changes, c => Assert.NotEqual(c.Baseline, c.Current));
        // Both cells' items are compared: 12 items × the metrics of demo-commonsense, twice.
        Assert.Equal(ComparisonInput.Load(runs.Baseline).Items!.Values.Sum(s => s.Values.Count), exact.ScoresCompared);
    }

    [Fact]
    public async Task TheCommandFailsOnTheChangeAndPassesARunAgainstItsOwnRecordedBaseline()
    {
        var (changed, output, _) = await CliRunner.RunAsync("compare", runs.Baseline, runs.Stronger, "--exact");
        Assert.NotEqual(ExitCodes.Success, changed);
        Assert.Contains("**CHANGED**", output, StringComparison.Ordinal);
        Assert.Contains("| demo-commonsense | lora+svdecode |", output, StringComparison.Ordinal);

        var (same, sameOutput, _) = await CliRunner.RunAsync("compare", runs.Stronger, runs.Stronger, "--exact");
        Assert.Equal(ExitCodes.Success, same);
        Assert.Contains("**UNCHANGED**", sameOutput, StringComparison.Ordinal);
    }
}

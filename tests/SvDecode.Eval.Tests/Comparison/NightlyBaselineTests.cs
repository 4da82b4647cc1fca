using SvDecode.Eval.Hosting;
using SvDecode.Eval.Tests.Support;
using Xunit;

namespace SvDecode.Eval.Tests.Comparison;

/// <summary>
/// The committed nightly baseline is what this code computes: pipelines/nightly.yaml run as the nightly runs it (a
/// separate process with the CI files' kernel caps, which must be set before LibTorch loads), compared with
/// pipelines/baselines/nightly/ under --exact. A pull request that moves the nightly's scores fails here until it
/// updates the baseline on purpose (pipelines/baselines/update-nightly.sh), instead of turning the nightly red after
/// the merge. About 2 minutes of CPU: 3,200 items (docs/nightly.md, "Run time").
/// </summary>
public sealed class NightlyBaselineTests
{
    [Avx2Fact]
    public async Task TheCommittedBaselineIsWhatTheCurrentCodeComputes()
    {
        using var dir = new TempDirectory();
        var environment = NightlyFilesTests.KernelCaps().ToDictionary(p => p.Key, p => (string?)p.Value);
        var pipeline = Path.Combine(SharedFiles.RepositoryRoot, "pipelines", "nightly.yaml");
        using var tool = ToolProcess.StartWith(environment, "run", pipeline, "--output", dir.Path, "--log-items");
        Assert.True(await tool.WaitForExitAsync(TimeSpan.FromMinutes(20)), tool.Stderr);
        Assert.True(tool.ExitCode == ExitCodes.Success, tool.Stderr);

        var baseline = Path.Combine(SharedFiles.RepositoryRoot, "pipelines", "baselines", "nightly", "results.json");
        var (code, report, error) = await CliRunner.RunAsync("compare", baseline, Path.Combine(dir.Path, "results.json"), "--exact");

        Assert.True(code == ExitCodes.Success,
            $"The committed nightly baseline is not what this code computes (exit {code}). If the change is intended, run " +
            $"pipelines/baselines/update-nightly.sh and commit the new baseline with the change (docs/nightly.md).\n{report}{error}");
    }
}

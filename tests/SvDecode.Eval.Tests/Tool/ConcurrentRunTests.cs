using SvDecode.Eval.Hosting;
using SvDecode.Eval.Results;
using SvDecode.Eval.Tests.Engine;
using SvDecode.Eval.Tests.Support;
using Xunit;

namespace SvDecode.Eval.Tests.Tool;

/// <summary>Two tool processes started into one output folder: the second refuses at once (exit 2, the folder and the
/// reason named) while the first runs on untouched to complete results. The waits are ceilings for a machine shared
/// by several test runs (the first run took over 120 s at a load average of 10 on 2 cores), not timings.</summary>
public sealed class ConcurrentRunTests
{
    [Fact]
    public async Task ASecondRunIntoTheSameFolderRefusesAndTheFirstFinishesIntact()
    {
        using var dir = new TempDirectory();
        // Enough warm-start steps that the first run is still going (seconds) when the second has started up.
        var pipeline = TestPipelines.WriteMultiCell(dir);
        File.WriteAllText(pipeline, File.ReadAllText(pipeline).Replace("max_steps: 2", "max_steps: 150", StringComparison.Ordinal));
        Assert.Contains("max_steps: 150", File.ReadAllText(pipeline), StringComparison.Ordinal);
        var output = dir.Combine("run");

        using var first = ToolProcess.Start(["run", pipeline, "--output", output, "-v"]);
        Assert.True(await first.WaitForStderrAsync(": warmstart …", TimeSpan.FromSeconds(300)), first.Stderr);
        using (var second = ToolProcess.Start(["run", pipeline, "--output", output]))
        {
            Assert.True(await second.WaitForExitAsync(TimeSpan.FromSeconds(300)), second.Stderr);
            Assert.True(second.ExitCode == ExitCodes.BadInput, $"exit {second.ExitCode}\n{second.Stderr}");
            Assert.Contains($"{output} is in use by another svdecode-eval run", second.Stderr, StringComparison.Ordinal);
        }
        Assert.True(await first.WaitForExitAsync(TimeSpan.FromSeconds(900)), first.Stderr);
        Assert.True(first.ExitCode == ExitCodes.Success, first.Stderr);

        var results = TestRunHost.ReadResults(output);
        Assert.Equal(RunStatus.Complete, results.Status);
        Assert.Equal(8, results.Cells.Sum(c => c.Benchmarks.Count));
        Assert.Empty(Directory.EnumerateDirectories(Path.Combine(output, "artifacts"), "*.tmp-*", SearchOption.AllDirectories));
    }
}

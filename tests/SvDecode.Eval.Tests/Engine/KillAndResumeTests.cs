using System.Diagnostics;
using System.Text.Json;
using SvDecode.Eval.Engine;
using SvDecode.Eval.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace SvDecode.Eval.Tests.Engine;

/// <summary>A real process is killed with SIGKILL in the middle of a multi-cell run (4 cells x 2 benchmarks), then resumed.</summary>
public sealed class KillAndResumeTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(8)]
    public async Task AKilledRunResumesWithoutRedoingFinishedWorkAndEndsWithTheSameResults(int killAfterScores)
    {
        using var dir = new TempDirectory();
        var pipeline = TestPipelines.WriteMultiCell(dir);
        var run = dir.Combine("run");
        var log = new ExecutionLog(dir.Combine("executions.log"));

        using (var child = StartChild(pipeline, run, log.Path, killAfter: killAfterScores))
        {
            await child.WaitForExitAsync();
            Assert.Equal(137, child.ExitCode); // 128 + SIGKILL
        }
        var committedBeforeResume = CommittedUnits(run, "test-score");
        output.WriteLine($"killed after {log.Count("test-score")} score executions; {committedBeforeResume.Count} committed");
        Assert.Equal(killAfterScores, log.Count("test-score"));
        Assert.Equal(killAfterScores - 1, committedBeforeResume.Count);
        Assert.NotEmpty(Directory.EnumerateDirectories(Path.Combine(run, "artifacts", "test-score"), "*.tmp-*"));
        Assert.False(File.Exists(Path.Combine(run, "results.json")), "a SIGKILLed run writes no results");

        using (var resumed = StartChild(pipeline, run, log.Path, killAfter: 0, resume: true))
        {
            await resumed.WaitForExitAsync();
            Assert.True(resumed.ExitCode == 0, await resumed.StandardError.ReadToEndAsync());
        }

        // Nothing that was committed before the kill ran again; the unit killed before its commit ran twice.
        foreach (var unit in committedBeforeResume)
        {
            Assert.Equal(1, log.Entries.Count(e => e == $"test-score|{unit}"));
        }
        Assert.Equal(8, CommittedUnits(run, "test-score").Count);
        Assert.Empty(Directory.EnumerateDirectories(Path.Combine(run, "artifacts", "test-score"), "*.tmp-*"));

        using var fresh = new TempDirectory();
        using (var uninterrupted = StartChild(pipeline, fresh.Combine("run"), fresh.Combine("log"), killAfter: 0))
        {
            await uninterrupted.WaitForExitAsync();
            Assert.Equal(0, uninterrupted.ExitCode);
        }
        Assert.Equal(
            TestRunHost.Comparable(fresh.Combine("run", "results.json")),
            TestRunHost.Comparable(Path.Combine(run, "results.json")));
    }

    private static HashSet<string> CommittedUnits(string run, string stage)
    {
        var folder = Path.Combine(run, "artifacts", stage);
        if (!Directory.Exists(folder))
        {
            return [];
        }
        return [.. Directory.EnumerateFiles(folder, ArtifactManifest.FileName, SearchOption.AllDirectories)
            .Where(f => !f.Contains(".tmp-", StringComparison.Ordinal))
            .Select(f => JsonSerializer.Deserialize<ArtifactManifest>(File.ReadAllText(f), Json.Options)!.Unit)];
    }

    private static Process StartChild(string pipeline, string run, string log, int killAfter, bool resume = false)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { typeof(ChildRunProgram).Assembly.Location, "run-child", pipeline, run, log, killAfter.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            info.ArgumentList.Add(arg);
        }
        if (resume)
        {
            info.ArgumentList.Add("--resume");
        }
        return Process.Start(info)!;
    }
}

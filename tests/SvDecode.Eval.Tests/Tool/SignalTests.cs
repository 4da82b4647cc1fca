using System.Diagnostics;
using SvDecode.Eval.Hosting;
using SvDecode.Eval.Results;
using SvDecode.Eval.Tests.Support;
using Xunit;

namespace SvDecode.Eval.Tests.Tool;

/// <summary>Ctrl+C (SIGINT) and SIGTERM stop a real run quickly, keep what finished, and exit 130.</summary>
public sealed class SignalTests
{
    [Theory]
    [InlineData(15)] // SIGTERM, as a job scheduler sends
    [InlineData(2)]  // SIGINT, as Ctrl+C sends
    public async Task ASignalCancelsTheRunWithExitCode130AndAResumeFinishesIt(int signal)
    {
        using var dir = new TempDirectory();
        // A data file large enough that loading it takes seconds, so the signal lands inside the stage.
        dir.File("big.jsonl", string.Concat(Enumerable.Range(0, 60_000).Select(i => $"{{\"question\": \"question {i}?\", \"choices\": [\"yes\", \"no\"], \"answer\": {i % 2}}}\n")));
        var pipeline = TestPipelines.WriteMultiCell(dir, "signal", "");
        File.WriteAllText(pipeline, File.ReadAllText(pipeline).Replace("items.jsonl", "big.jsonl", StringComparison.Ordinal));
        var output = dir.Combine("run");

        // One PEFT method without steering and two test items: the model stages stay short, the load is what is cut.
        string[] quick = ["--set", "matrix.peft=[lora]", "--set", "matrix.steering=[off]", "--limit", "2"];
        using (var tool = ToolProcess.Start(["run", pipeline, "--output", output, "-v", .. quick]))
        {
            Assert.True(await tool.WaitForStderrAsync("jsonl-again: dataset …", TimeSpan.FromSeconds(300)), tool.Stderr);
            var clock = Stopwatch.StartNew();
            tool.Signal(signal);
            Assert.True(await tool.WaitForExitAsync(TimeSpan.FromSeconds(10)), "still running 10 s after the signal:\n" + tool.Stderr);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed.TotalSeconds:0.0} s to exit");
            Assert.True(tool.ExitCode == ExitCodes.Cancelled, $"exit {tool.ExitCode}\n{tool.Stderr}");
        }
        var cancelled = Engine.TestRunHost.ReadResults(output);
        Assert.Equal(RunStatus.Cancelled, cancelled.Status);
        Assert.Equal(["lora"], cancelled.Cells.Select(c => c.Id)); // the first unit finished before the signal
        Assert.Single(cancelled.Cells[0].Benchmarks);
        Assert.Empty(Directory.EnumerateDirectories(Path.Combine(output, "artifacts", "dataset"), "*.tmp-*"));

        using (var resumed = ToolProcess.Start(["run", pipeline, "--output", output, "--resume", "-v", .. quick]))
        {
            Assert.True(await resumed.WaitForExitAsync(TimeSpan.FromSeconds(600)), resumed.Stderr);
            Assert.True(resumed.ExitCode == 0, resumed.Stderr);
            Assert.Contains("lora / jsonl: dataset reused", resumed.Stderr, StringComparison.Ordinal);
        }
        Assert.Equal(RunStatus.Complete, Engine.TestRunHost.ReadResults(output).Status);
    }
}

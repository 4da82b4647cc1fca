using System.Diagnostics;
using SvDecode.Eval.Tests.Engine;
using SvDecode.Eval.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace SvDecode.Eval.Tests.Reliability;

/// <summary>
/// The real tool on a real multi-cell pipeline (demo model; warm-start, steering, strength, score), killed with SIGKILL
/// at seeded random moments and resumed: it finishes with the results of an uninterrupted run and recomputes no
/// artifact that was committed before the kill.
/// </summary>
public sealed class RandomKillTests(ITestOutputHelper output)
{
    private static readonly string[] Small =
    [
        "--set", "matrix.peft=[lora,prompt_tuning]",
        "--set", "benchmarks=[{name: jsonl, id: demo-commonsense, data: data/demo/demo-commonsense-test.jsonl, train_data: data/demo/demo-commonsense-train.jsonl, limit: 150}]",
        "--set", "warmstart.max_steps=60",
    ];

    private static string Quickstart => Path.Combine(SharedFiles.RepositoryRoot, "pipelines", "quickstart.yaml");

    [Fact]
    public async Task KilledAtRandomMomentsTheRunResumesToTheUninterruptedResults()
    {
        using var dir = new TempDirectory();
        var clock = Stopwatch.StartNew();
        await RunToEnd(dir.Combine("reference"));
        var duration = clock.Elapsed;
        var expected = TestRunHost.Comparable(dir.Combine("reference", "results.json"));
        var random = new Random(20261128);
        for (var trial = 0; trial < 4; trial++)
        {
            var run = dir.Combine($"trial{trial}");
            var delay = TimeSpan.FromMilliseconds(duration.TotalMilliseconds * (0.1 + (0.85 * random.NextDouble())));
            using (var tool = ToolProcess.Start(["run", Quickstart, "--output", run, .. Small]))
            {
                await Task.Delay(delay);
                if (!tool.HasExited)
                {
                    tool.Signal(9); // SIGKILL: no handler, no flush
                }
                await tool.WaitForExitAsync(TimeSpan.FromSeconds(30));
            }
            var committed = CommittedArtifacts(run);
            output.WriteLine($"trial {trial}: killed after {delay.TotalSeconds:0.0} s of ~{duration.TotalSeconds:0.0} s with {committed.Count} artifact(s) committed");

            await RunToEnd(run, "--resume");

            Assert.Equal(expected, TestRunHost.Comparable(Path.Combine(run, "results.json")));
            foreach (var (manifest, written) in committed)
            {
                Assert.True(File.Exists(manifest), $"{manifest} was removed");
                Assert.Equal(written, File.GetLastWriteTimeUtc(manifest)); // reused, not recomputed
            }
        }
    }

    private static async Task RunToEnd(string output, params string[] extra)
    {
        using var tool = ToolProcess.Start(["run", Quickstart, "--output", output, .. Small, .. extra]);
        Assert.True(await tool.WaitForExitAsync(TimeSpan.FromMinutes(5)), tool.Stderr);
        Assert.True(tool.ExitCode == 0, $"exit {tool.ExitCode}: {tool.Stderr}");
    }

    private static Dictionary<string, DateTime> CommittedArtifacts(string run)
    {
        var root = Path.Combine(run, "artifacts");
        return Directory.Exists(root)
            ? Directory.EnumerateFiles(root, SvDecode.Eval.Engine.ArtifactManifest.FileName, SearchOption.AllDirectories)
                .Where(f => !f.Contains(".tmp-", StringComparison.Ordinal))
                .ToDictionary(f => f, File.GetLastWriteTimeUtc)
            : [];
    }
}

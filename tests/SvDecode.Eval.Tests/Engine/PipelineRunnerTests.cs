using Microsoft.Extensions.DependencyInjection;
using SvDecode.Eval.Engine;
using SvDecode.Eval.Results;
using SvDecode.Eval.Tests.Support;
using Xunit;

namespace SvDecode.Eval.Tests.Engine;

public sealed class PipelineRunnerTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly ExecutionLog _log;

    public PipelineRunnerTests() => _log = new ExecutionLog(_dir.Combine("executions.log"));

    public void Dispose() => _dir.Dispose();

    private string Output => _dir.Combine("run");

    private async Task<RunResults> RunAsync(string pipeline, string[]? overrides = null, bool resume = false, ServiceProvider? services = null, CancellationToken ct = default)
    {
        using var owned = services is null ? TestRunHost.Services(_log) : null;
        var request = new RunRequest(TestRunHost.Load(pipeline, overrides ?? []), Output, Resume: resume);
        return await PipelineRunner.RunAsync(request, services ?? owned!, ct);
    }

    [Fact]
    public async Task EveryCellAndBenchmarkIsRunAndWrittenToResultsAndReport()
    {
        var results = await RunAsync(TestPipelines.WriteMultiCell(_dir));

        Assert.Equal(RunStatus.Complete, results.Status);
        Assert.Equal(["lora", "lora+svdecode", "ia3", "ia3+svdecode"], results.Cells.Select(c => c.Id));
        Assert.All(results.Cells, c => Assert.Equal(["jsonl", "jsonl-again"], c.Benchmarks.Select(b => b.Id)));
        // 10 items, no training file: a question-level 80/20 split leaves 2 test items.
        Assert.All(results.Cells.SelectMany(c => c.Benchmarks), b => Assert.Equal(2, Assert.Single(b.Metrics).N));
        Assert.All(results.Cells.SelectMany(c => c.Benchmarks), b => Assert.Equal(2, b.Diagnostics["items_test"]));
        Assert.Equal(-1.5, results.Cells[1].Benchmarks[0].Diagnostics["mu_bar"]);
        // The dataset stage depends on the benchmark only, so the four cells share its two artifacts.
        Assert.Equal(2, results.Timings.Count(t => t.Stage == "dataset" && !t.Reused));
        Assert.Equal(6, results.Timings.Count(t => t.Stage == "dataset" && t.Reused));
        Assert.Equal(8, _log.Count("test-score"));
        var onDisk = TestRunHost.ReadResults(Output);
        Assert.Equal(RunResults.SchemaName, onDisk.Schema);
        Assert.Equal(results.Cells.Count, onDisk.Cells.Count);
        Assert.Contains("| lora+svdecode |", File.ReadAllText(Path.Combine(Output, "report.md")), StringComparison.Ordinal);
        Assert.Contains(onDisk.Manifest.Inputs, i => i.Role == "pipeline");
        Assert.Contains(onDisk.Manifest.Inputs, i => i.Role == "data" && i.Path.EndsWith("items.jsonl", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SteeredCellsArePairedWithTheirBaselineOnTheSameItems()
    {
        var results = await RunAsync(TestPipelines.WriteMultiCell(_dir));

        Assert.Equal(4, results.PairedDeltas.Count); // (lora, ia3) x (jsonl, jsonl-again)
        var delta = results.PairedDeltas.Single(d => d.Cell == "ia3+svdecode" && d.Benchmark == "jsonl");
        Assert.Equal(("ia3", "acc", 2), (delta.Baseline, delta.Metric, delta.N));
        var items = TestRunHost.ReadResults(Output).PairedDeltas.Single(d => d.Cell == "ia3+svdecode" && d.Benchmark == "jsonl");
        Assert.Equal(delta, items);
        var ids = Directory.EnumerateFiles(Path.Combine(Output, "artifacts", "dataset"), "dataset.json", SearchOption.AllDirectories)
            .Select(f => System.Text.Json.JsonSerializer.Deserialize<SvDecode.Eval.Stages.DatasetArtifact>(File.ReadAllText(f), Json.Options)!)
            .First(d => d.Test.Count > 0).Test.Select(i => i.Id).ToList();
        double Score(string cell, string id) => Math.Abs(FakeScoreStage.StableHash($"{cell}/{id}")) % 2;
        Assert.Equal(ids.Average(id => Score("ia3+svdecode", id) - Score("ia3", id)), delta.Delta, 12);
        Assert.True(delta.CiLow <= delta.Delta && delta.Delta <= delta.CiHigh);
        Assert.Contains("| Δ (paired) | 95% CI |", File.ReadAllText(Path.Combine(Output, "report.md")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARerunReusesEveryArtifactAndGivesTheSameResults()
    {
        var pipeline = TestPipelines.WriteMultiCell(_dir);
        await RunAsync(pipeline);
        var first = TestRunHost.Comparable(Path.Combine(Output, "results.json"));

        var again = await RunAsync(pipeline);

        Assert.Equal(8, _log.Entries.Count);
        Assert.All(again.Timings, t => Assert.True(t.Reused, t.ToString()));
        Assert.Equal(first, TestRunHost.Comparable(Path.Combine(Output, "results.json")));
    }

    [Fact]
    public async Task AChangedSettingRecomputesOnlyTheStagesThatDependOnIt()
    {
        var pipeline = TestPipelines.WriteMultiCell(_dir);
        await RunAsync(pipeline);

        var results = await RunAsync(pipeline, ["scoring.batch_size=3"]);

        Assert.Equal(16, _log.Count("test-score"));
        Assert.All(results.Timings.Where(t => t.Stage == "dataset"), t => Assert.True(t.Reused));
        Assert.All(results.Timings.Where(t => t.Stage == "test-score"), t => Assert.False(t.Reused));
    }

    [Fact]
    public async Task ACorruptedArtifactIsDetectedByItsHashAndRecomputed()
    {
        var pipeline = TestPipelines.WriteMultiCell(_dir);
        await RunAsync(pipeline);
        var victim = Directory.EnumerateFiles(Path.Combine(Output, "artifacts", "test-score"), "score.txt", SearchOption.AllDirectories).First();
        File.WriteAllText(victim, "tampered");

        var results = await RunAsync(pipeline);

        Assert.Equal(9, _log.Count("test-score"));
        Assert.Single(results.Timings, t => !t.Reused);
        Assert.NotEqual("tampered", File.ReadAllText(victim));
    }

    [Fact]
    public async Task ACancelledRunKeepsWhatFinishedAndAResumeDoesOnlyTheRest()
    {
        var pipeline = TestPipelines.WriteMultiCell(_dir);
        using var cts = new CancellationTokenSource();
        var scored = 0;
        using (var services = TestRunHost.Services(_log, onScored: _ => { if (++scored == 3) cts.Cancel(); }))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => RunAsync(pipeline, services: services, ct: cts.Token));
        }
        var partial = TestRunHost.ReadResults(Output);
        Assert.Equal(RunStatus.Cancelled, partial.Status);
        Assert.Equal(2, partial.Cells.Sum(c => c.Benchmarks.Count));
        Assert.Empty(Directory.EnumerateDirectories(Path.Combine(Output, "artifacts", "test-score"), "*.tmp-*"));

        var resumed = await RunAsync(pipeline, resume: true);

        Assert.Equal(RunStatus.Complete, resumed.Status);
        // Three units were scored before the cancel (the third was cancelled after its work, before its commit).
        Assert.Equal(9, _log.Count("test-score"));
        Assert.Equal(2, resumed.Timings.Count(t => t.Stage == "test-score" && t.Reused));
        using var fresh = new TempDirectory();
        var freshLog = new ExecutionLog(fresh.Combine("log"));
        using var freshServices = TestRunHost.Services(freshLog);
        await PipelineRunner.RunAsync(new RunRequest(TestRunHost.Load(pipeline), fresh.Combine("run")), freshServices, default);
        Assert.Equal(
            TestRunHost.Comparable(fresh.Combine("run", "results.json")),
            TestRunHost.Comparable(Path.Combine(Output, "results.json")));
    }

    [Fact]
    public async Task AFailingStageEndsTheRunWithWholeResultsForWhatFinished()
    {
        var pipeline = TestPipelines.WriteMultiCell(_dir);
        using var services = TestRunHost.Services(_log, extra: s => s.AddSingleton<IPipelineStage>(new FailingStage("ia3")));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => RunAsync(pipeline, services: services));

        Assert.Equal("boom in ia3", error.Message);
        var results = TestRunHost.ReadResults(Output);
        Assert.Equal(RunStatus.Failed, results.Status);
        Assert.Equal("boom in ia3", results.Error);
        Assert.Equal(["lora", "lora+svdecode"], results.Cells.Select(c => c.Id));
    }

    [Fact]
    public async Task AnExporterThatCannotWriteFailsTheRunWithoutLosingTheOthers()
    {
        var pipeline = TestPipelines.WriteMultiCell(_dir);
        using var services = TestRunHost.Services(_log, extra: s => s.AddSingleton<IResultsExporter, ThrowingExporter>());

        // A write failure (a full disk) is not a success: the run ends with an error naming what was not written.
        var error = await Assert.ThrowsAsync<IOException>(() => RunAsync(pipeline, services: services));

        Assert.Contains("throwing (disk on fire)", error.Message, StringComparison.Ordinal);
        Assert.Contains("--resume", error.Message, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(Output, "results.json")));
        Assert.True(File.Exists(Path.Combine(Output, "report.md")));
    }

    [Fact]
    public async Task ResumeNeedsAnEarlierRun()
    {
        var error = await Assert.ThrowsAsync<InputException>(() => RunAsync(TestPipelines.WriteMultiCell(_dir), resume: true));
        Assert.Contains("no earlier run to resume", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TwoRunsCannotShareARunDirectory()
    {
        var pipeline = TestPipelines.WriteMultiCell(_dir);
        Directory.CreateDirectory(Output);
        using (File.Open(Path.Combine(Output, ".lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            var error = await Assert.ThrowsAsync<InputException>(() => RunAsync(pipeline));
            Assert.Contains("in use by another svdecode-eval run", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task FoldersOfAKilledStageAreRemovedAtTheNextStart()
    {
        var pipeline = TestPipelines.WriteMultiCell(_dir);
        var abandoned = Path.Combine(Output, "artifacts", "test-score", "0123456789abcdef01234567.tmp-999999");
        Directory.CreateDirectory(abandoned);
        File.WriteAllText(Path.Combine(abandoned, "half.txt"), "half");

        await RunAsync(pipeline);

        Assert.False(Directory.Exists(abandoned));
    }

    private sealed class ThrowingExporter : IResultsExporter
    {
        public string Name => "throwing";

        public IReadOnlyList<string> Files => [];

        public void Export(RunResults results, string outputDirectory) => throw new IOException("disk on fire");
    }
}

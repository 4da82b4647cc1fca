using Microsoft.Extensions.DependencyInjection;
using SvDecode.Eval.Engine;
using SvDecode.Eval.Results;
using SvDecode.Eval.Tests.Engine;
using SvDecode.Eval.Tests.Support;
using Xunit;

namespace SvDecode.Eval.Tests.Results;

/// <summary>The exporters inside a real (test-stage) run: --log-items, and one failing exporter among the others.</summary>
public sealed class RunExportTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Output => _dir.Combine("run");

    [Fact]
    public async Task LogItemsWritesEveryItemScoreBesideTheResults()
    {
        using var services = TestRunHost.Services(new ExecutionLog(_dir.Combine("log")));
        var request = new RunRequest(TestRunHost.Load(TestPipelines.WriteMultiCell(_dir)), Output, LogItems: true);
        var results = await PipelineRunner.RunAsync(request, services, CancellationToken.None);

        Assert.True(results.Manifest.LogItems);
        var lines = File.ReadAllLines(Path.Combine(Output, ItemScoreLog.FileName));
        // 4 cells × 2 benchmarks × 2 test items, one line each.
        Assert.Equal(16, lines.Length);
        var logged = ItemScoreLog.Read(Path.Combine(Output, ItemScoreLog.FileName));
        var engine = results.ItemLogs.Single(u => u.Cell == "ia3+svdecode" && u.Benchmark == "jsonl").Scores.Single();
        Assert.Equal(engine.Values, logged[("ia3+svdecode", "jsonl", "acc")].Values);
        Assert.True(File.Exists(Path.Combine(Output, "results.csv")));

        // A later run without --log-items leaves no stale item log to pair with.
        var again = await PipelineRunner.RunAsync(request with { LogItems = false }, services, CancellationToken.None);
        Assert.False(again.Manifest.LogItems);
        Assert.False(File.Exists(Path.Combine(Output, ItemScoreLog.FileName)));
    }

    [Fact]
    public async Task AFailingExporterLosesNoOtherOutput()
    {
        using var services = TestRunHost.Services(new ExecutionLog(_dir.Combine("log")),
            extra: s => s.AddSingleton<IResultsExporter>(new ThrowingExporter()));
        var request = new RunRequest(TestRunHost.Load(TestPipelines.WriteMultiCell(_dir)), Output);
        var results = await PipelineRunner.RunAsync(request, services, CancellationToken.None);

        Assert.Equal(RunStatus.Complete, results.Status);
        foreach (var file in new[] { "results.json", "report.md", "results.csv", "plots/jsonl.acc.png", "plots/jsonl.acc.svg" })
        {
            Assert.True(File.Exists(Path.Combine(Output, file)), file);
        }
    }

    [Fact]
    public async Task TheManifestNamesLibTorchAndTheModel()
    {
        using var services = TestRunHost.Services(new ExecutionLog(_dir.Combine("log")));
        var request = new RunRequest(TestRunHost.Load(TestPipelines.WriteMultiCell(_dir)), Output);
        var results = await PipelineRunner.RunAsync(request, services, CancellationToken.None);

        Assert.Matches(@"^\d+\.\d+\.\d+", results.Manifest.Packages["LibTorch"]);
        Assert.Equal(TorchSharp.torch.__version__, results.Manifest.Packages["LibTorch"]);
        Assert.Contains("ScottPlot", results.Manifest.Packages.Keys);
        Assert.False(results.Manifest.Model.Synthetic);
        Assert.Equal("llama", results.Manifest.Model.ModelType);
    }

    private sealed class ThrowingExporter : IResultsExporter
    {
        public string Name => "throws";

        public IReadOnlyList<string> Files => [];

        public void Export(RunResults results, string outputDirectory) => throw new InvalidOperationException("exporter broke");
    }
}

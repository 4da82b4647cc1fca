using Microsoft.Extensions.DependencyInjection;
using SvDecode.Eval.Engine;
using SvDecode.Eval.Pipeline;
using SvDecode.Eval.Pipeline.Spec;
using SvDecode.Eval.Results;
using SvDecode.Eval.Stages;
using SvDecode.Eval.Steering;
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

        // TorchSharp reports the LibTorch build it expects as 2.10.0.0; deps.json names the resolved package.
        Assert.Matches(@"^\d+\.\d+\.\d+ \(libtorch-[a-z0-9.-]+\)$", results.Manifest.Packages["LibTorch"]);
        Assert.StartsWith(results.Manifest.Packages["LibTorch"].Split(' ')[0], TorchSharp.torch.__version__, StringComparison.Ordinal);
        Assert.Contains("ScottPlot", results.Manifest.Packages.Keys);
        Assert.False(results.Manifest.Model.Synthetic);
        Assert.Equal("llama", results.Manifest.Model.ModelType);
    }

    [Fact]
    public async Task TheStrengthArtifactsHistogramReachesTheResultsAndThePlots()
    {
        using var services = TestRunHost.Services(new ExecutionLog(_dir.Combine("log")),
            extra: s => s.AddSingleton<IPipelineStage>(new FakeStrengthStage()));
        var request = new RunRequest(TestRunHost.Load(TestPipelines.WriteMultiCell(_dir)), Output);
        var results = await PipelineRunner.RunAsync(request, services, CancellationToken.None);

        var steered = results.Cells.Single(c => c.Id == "lora+svdecode").Benchmarks.Single(b => b.Id == "jsonl");
        Assert.Equal([2L, 1L], steered.MuStar!.Counts);
        Assert.Equal(0.1, results.Cells.Single(c => c.Id == "lora+svdecode").Parameters[CellParameters.Alpha]);
        Assert.Null(results.Cells.Single(c => c.Id == "lora").Benchmarks.Single(b => b.Id == "jsonl").MuStar);
        Assert.Empty(results.Cells.Single(c => c.Id == "lora").Parameters);
        Assert.True(File.Exists(Path.Combine(Output, "plots", "mu-star.lora+svdecode.jsonl.png")));
        Assert.False(File.Exists(Path.Combine(Output, "plots", "mu-star.lora.jsonl.png")));
    }

    /// <summary>Writes strength.json and records the histogram as the strength stage does, for steered cells only.</summary>
    private sealed class FakeStrengthStage : IPipelineStage
    {
        public string Name => StageOutputs.Strength.Stage;

        public string Description => "test: a fixed strength report";

        public int Order => 40;

        public int Version => 1;

        public IReadOnlyList<StageOutput> Reads => [];

        public bool AppliesTo(WorkUnit unit, StageContext context) => unit.Cell.Steering == SteeringSwitch.On;

        public object Fingerprint(StageContext context) => new { cell = context.Cell.Id };

        public Task RunAsync(StageContext context, CancellationToken cancellationToken)
        {
            var histogram = StrengthHistogram.Build([0.5, 1.0, 2.0], bins: 2);
            var report = new StrengthReport(1.1666, "mean", new StrengthAggregateValues(1.1666, 1.0, 1.0, 3.0, 3, 1.2), 3, 3, 0, 0, 0, 0.0, 0.5, 2.0, histogram);
            context.Output!.WriteText(StageOutputs.Strength.FileName, report.ToJson());
            context.Output.MuStar = report.Histogram;
            context.Output.SetDiagnostic("mu_bar", report.MuBar);
            return Task.CompletedTask;
        }
    }

    private sealed class ThrowingExporter : IResultsExporter
    {
        public string Name => "throws";

        public IReadOnlyList<string> Files => [];

        public void Export(RunResults results, string outputDirectory) => throw new InvalidOperationException("exporter broke");
    }
}

using Microsoft.Extensions.DependencyInjection;
using SvDecode.Eval.Benchmarks;
using SvDecode.Eval.Engine;
using SvDecode.Eval.Hosting;
using SvDecode.Eval.Pipeline;
using SvDecode.Eval.Results;
using SvDecode.Eval.Stages;
using SvDecode.Eval.Tests.Engine;
using SvDecode.Eval.Tests.Support;
using Xunit;

namespace SvDecode.Eval.Tests.Stages;

/// <summary>
/// The matrix axes through the real stages on our reference model: the pre-trained baseline (peft: none), seeds,
/// a strength sweep sharing one calibration, and an existing adapter evaluated instead of trained.
/// </summary>
public sealed class MatrixRunTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Output => _dir.Combine("run");

    private static string ReferenceAdapter(string name) => Path.Combine(SharedFiles.RepositoryRoot, "tests", "fixtures", "reference", "adapters", name);

    private string WritePipeline(string matrix, string warmstart = "")
    {
        _dir.File("items.jsonl", string.Concat(Enumerable.Range(0, 30).Select(i => $"{{\"question\": \"Is {i} even?\", \"choices\": [\"yes\", \"no\"], \"answer\": {i % 2}}}\n")));
        return _dir.File("matrix.yaml", $"""
            name: matrix
            seed: 3
            model:
              path: {ReferenceModelWithTokenizer.Directory}
            benchmarks:
              - name: jsonl
                data: items.jsonl
                split:
                  calibration_fraction: 0.3
            matrix:
            {matrix}
            warmstart:
              max_steps: 2
              learning_rate: 0.01
              lora:
                r: 2
                dropout: 0.0
            {warmstart}
            """);
    }

    private async Task<RunResults> RunAsync(string pipeline)
    {
        using var provider = TestRunHost.RealServices();
        var document = PipelineLoader.Load(pipeline, [], TestPipelines.Catalog);
        return await PipelineRunner.RunAsync(new RunRequest(document, Output), provider, CancellationToken.None);
    }

    private static BenchmarkResult Of(RunResults results, string cell) => results.Cells.Single(c => c.Id == cell).Benchmarks.Single();

    private static int Runs(RunResults results, string stage, bool reused) => results.Timings.Count(t => t.Stage == stage && t.Reused == reused);

    [Fact]
    public async Task BaselineSeedsAndAStrengthSweepEachBecomeCellsWithTheirOwnWork()
    {
        var results = await RunAsync(WritePipeline("""
              peft: [none, lora]
              steering: [off, on]
              seeds: [1, 2]
              strength: [mean, 0.5]
            """));

        Assert.Equal(RunStatus.Complete, results.Status);
        Assert.Equal(
            ["none", "lora[seed=1]", "lora+svdecode[mu=mean,seed=1]", "lora+svdecode[mu=0.5,seed=1]", "lora[seed=2]", "lora+svdecode[mu=mean,seed=2]", "lora+svdecode[mu=0.5,seed=2]"],
            results.Cells.Select(c => c.Id));
        // The baseline is scored without an adapter: no warm-start, no strength.
        Assert.Equal(["dataset", "score"], results.Timings.Where(t => t.Cell == "none").Select(t => t.Stage));
        Assert.True(Of(results, "none").Metrics.Single(m => m.Name == "acc").N > 0);
        // One adapter per seed, each shared by its three cells; they differ (initialisation and order follow the seed).
        Assert.Equal((2, 4), (Runs(results, "warmstart", reused: false), Runs(results, "warmstart", reused: true)));
        var adapters = Directory.GetDirectories(Path.Combine(Output, "artifacts", "warmstart"))
            .Select(d => File.ReadAllBytes(Path.Combine(d, StageOutputs.Adapter.FileName, "adapter_model.safetensors"))).ToList();
        Assert.Equal(2, adapters.Count);
        Assert.NotEqual(adapters[0], adapters[1]);
        // One calibration per adapter: the fixed-μ cell reuses the mean cell's, and each picks its own μ̄ from it.
        Assert.Equal((2, 2), (Runs(results, "strength", reused: false), Runs(results, "strength", reused: true)));
        foreach (var seed in new[] { 1, 2 })
        {
            var mean = Of(results, $"lora+svdecode[mu=mean,seed={seed}]").Diagnostics;
            var fixedMu = Of(results, $"lora+svdecode[mu=0.5,seed={seed}]").Diagnostics;
            Assert.Equal(mean["mu_mean"], mean["mu_bar"]);
            Assert.Equal(0.5, fixedMu["mu_bar"]);
            Assert.Equal(mean["mu_mean"], fixedMu["mu_mean"]);
        }
        Assert.Equal("fixed", results.Cells.Single(c => c.Id == "lora+svdecode[mu=0.5,seed=1]").Aggregate);
        Assert.Equal(new Dictionary<string, double> { ["alpha"] = 0.1, ["mu"] = 0.5, ["seed"] = 1 }, results.Cells.Single(c => c.Id == "lora+svdecode[mu=0.5,seed=1]").Parameters);

        // Steered cells pair with their own seed's unsteered cell; every adapted cell pairs with the baseline.
        Assert.Contains(results.PairedDeltas, d => d.Cell == "lora+svdecode[mu=mean,seed=2]" && d.Baseline == "lora[seed=2]" && d.Metric == "acc");
        Assert.Contains(results.PairedDeltas, d => d.Cell == "lora[seed=1]" && d.Baseline == "none" && d.Metric == "acc");
        Assert.DoesNotContain(results.PairedDeltas, d => d.Cell.Contains("seed=1", StringComparison.Ordinal) && d.Baseline.Contains("seed=2", StringComparison.Ordinal));

        // Across seeds: the per-seed values are the cells' values, the per-seed Δ the paired deltas.
        var summary = Assert.Single(results.SeedSummaries!, s => s.Cell == "lora+svdecode[mu=mean]" && s.Metric == "acc");
        Assert.Equal([1, 2], summary.Seeds);
        Assert.Equal(new[] { 1, 2 }.Select(s => Of(results, $"lora+svdecode[mu=mean,seed={s}]").Metrics.Single(m => m.Name == "acc").Value), summary.Values);
        Assert.Equal(summary.Values.Average(), summary.Mean, 12);
        Assert.Equal(Math.Abs(summary.Values[0] - summary.Values[1]) / Math.Sqrt(2), summary.Sd, 12);
        Assert.Equal("lora", summary.Delta!.Baseline);
        Assert.Equal(new[] { 1, 2 }.Select(s => results.PairedDeltas.Single(d => d.Cell == $"lora+svdecode[mu=mean,seed={s}]" && d.Baseline == $"lora[seed={s}]" && d.Metric == "acc").Delta), summary.Delta.Values);
        Assert.Null(results.SeedSummaries!.Single(s => s.Cell == "lora" && s.Metric == "acc").Delta);

        var report = File.ReadAllText(Path.Combine(Output, "report.md"));
        Assert.Contains("| none (pre-trained) | acc |", report, StringComparison.Ordinal);
        Assert.Contains("n/a (no adapter)", report, StringComparison.Ordinal);
        Assert.Contains("Against the pre-trained model (peft: none):", report, StringComparison.Ordinal);
        Assert.Contains("| lora+svdecode[mu=mean] | acc | 1, 2 |", report, StringComparison.Ordinal);
        var csv = File.ReadAllLines(Path.Combine(Output, "results.csv"));
        Assert.Contains(csv, l => l.StartsWith("\"lora+svdecode[mu=0.5,seed=2]\",lora,on,svdecode,,2,0.1,soft,fixed,0.5,0.5,jsonl,", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ThePretrainedBaselineScoresAsAnAdapterThatHasNotMoved()
    {
        // A LoRA adapter starts as the identity (B = 0); one step at a vanishing learning rate leaves it there, so
        // it must score every item exactly as the pre-trained model does: what the baseline row used to be faked with.
        var results = await RunAsync(WritePipeline("""
              peft: [none, lora]
              steering: [off]
            """, "  max_grad_norm: 0\n  weight_decay: 0"
            ).Replace("learning_rate: 0.01", "learning_rate: 1.0e-30", StringComparison.Ordinal));

        var none = Of(results, "none").Metrics;
        var lora = Of(results, "lora").Metrics;
        Assert.Equal(none.Select(m => (m.Name, m.Value, m.N)), lora.Select(m => (m.Name, m.Value, m.N)));
        Assert.All(results.PairedDeltas.Where(d => d.Baseline == "none"), d => Assert.Equal(0, d.Delta));
    }

    [Fact]
    public async Task AnExistingAdapterIsEvaluatedAsItIsAndKeyedByItsFiles()
    {
        var source = _dir.Combine("my-lora");
        Directory.CreateDirectory(source);
        foreach (var file in Directory.GetFiles(ReferenceAdapter("ref-llama-lora")))
        {
            File.Copy(file, Path.Combine(source, Path.GetFileName(file)));
        }
        var pipeline = WritePipeline("""
              peft: [lora]
              steering: [off, on]
              seeds: [1, 2]
            """, "  adapter: { lora: my-lora }");
        var results = await RunAsync(pipeline);

        Assert.Equal(RunStatus.Complete, results.Status);
        Assert.Equal(["lora", "lora+svdecode"], results.Cells.Select(c => c.Id)); // seeds do not apply to it
        var timing = results.Timings.Single(t => t.Stage == "warmstart" && !t.Reused);
        var artifact = Path.Combine(Output, "artifacts", "warmstart", timing.ArtifactKey);
        Assert.False(File.Exists(Path.Combine(artifact, WarmStartStage.LogFileName)));
        foreach (var file in Directory.GetFiles(source))
        {
            Assert.Equal(File.ReadAllBytes(file), File.ReadAllBytes(Path.Combine(artifact, StageOutputs.Adapter.FileName, Path.GetFileName(file))));
        }
        var diagnostics = Of(results, "lora").Diagnostics;
        Assert.Equal(1, diagnostics["existing_adapter"]);
        Assert.DoesNotContain("final_loss", diagnostics.Keys);
        Assert.True(Of(results, "lora+svdecode").Diagnostics.ContainsKey("mu_bar"));

        // Another adapter in the same folder is another artifact.
        File.Copy(Path.Combine(ReferenceAdapter("ref-llama-lora"), "adapter_model.safetensors"), Path.Combine(source, "adapter_model.safetensors"), overwrite: true);
        var bytes = File.ReadAllBytes(Path.Combine(source, "adapter_model.safetensors"));
        bytes[^1] ^= 1; // the last byte of the last tensor: a different adapter of the same shapes
        File.WriteAllBytes(Path.Combine(source, "adapter_model.safetensors"), bytes);
        var again = await RunAsync(pipeline);
        Assert.NotEqual(timing.ArtifactKey, again.Timings.Single(t => t.Stage == "warmstart" && t.Cell == "lora").ArtifactKey);
    }
}

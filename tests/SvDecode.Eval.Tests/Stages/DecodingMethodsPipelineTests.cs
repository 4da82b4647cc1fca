using Microsoft.Extensions.DependencyInjection;
using SvDecode.Eval.Benchmarks;
using SvDecode.Eval.Engine;
using SvDecode.Eval.Hosting;
using SvDecode.Eval.Pipeline;
using SvDecode.Eval.Results;
using SvDecode.Eval.Tests.Engine;
using SvDecode.Eval.Tests.Support;
using Xunit;

namespace SvDecode.Eval.Tests.Stages;

/// <summary>
/// The quickstart on the bundled demo model with every decoding method as a cell (matrix.decoding): LoRA plain,
/// with SVDecode, contrastive decoding and logit extrapolation, through the real stages, by log-likelihood (TruthfulQA
/// MC and two-choice accuracy) and by generate-then-parse.
/// </summary>
public sealed class DecodingMethodsPipelineTests
{
    private static readonly string[] Cells = ["lora", "lora+svdecode", "lora+contrastive", "lora+extrapolation"];

    private static string[] Overrides(string mode) =>
    [
        "matrix={peft: [lora], decoding: [off, svdecode, contrastive, extrapolation]}", $"scoring.mode={mode}",
        "warmstart.max_steps=4", "decode.max_new_tokens=6",
        "benchmarks=[{name: jsonl, id: demo-commonsense, data: data/demo/demo-commonsense-test.jsonl, train_data: data/demo/demo-commonsense-train.jsonl, limit: 12}, " +
        "{name: jsonl, id: demo-truthfulqa, data: data/demo/demo-truthfulqa-test.jsonl, train_data: data/demo/demo-truthfulqa-train.jsonl, limit: 6}]",
    ];

    private static async Task<RunResults> RunAsync(string output, string[] overrides)
    {
        await using var services = TestRunHost.RealServices();
        var document = PipelineLoader.Load(Path.Combine(SharedFiles.RepositoryRoot, "pipelines", "quickstart.yaml"), overrides, services.Catalog());
        return await PipelineRunner.RunAsync(new RunRequest(document, output), services, default);
    }

    [Fact]
    public async Task EveryMethodIsScoredPairedWithThePlainAdapterAndReportedTheSameWay()
    {
        using var dir = new TempDirectory();
        var output = dir.Combine("run");
        var results = await RunAsync(output, Overrides("loglikelihood"));

        Assert.Equal(RunStatus.Complete, results.Status);
        Assert.Equal(Cells, results.Cells.Select(c => c.Id));
        Assert.Equal(["off", "svdecode", "contrastive", "extrapolation"], results.Cells.Select(c => c.Decoding));
        foreach (var benchmark in new[] { "demo-commonsense", "demo-truthfulqa" })
        {
            var metric = benchmark == "demo-commonsense" ? "acc" : "mc2";
            foreach (var cell in Cells.Skip(1))
            {
                var delta = Assert.Single(results.PairedDeltas, d => d.Benchmark == benchmark && d.Metric == metric && d.Cell == cell && d.Baseline == "lora");
                Assert.Equal(Value(results, cell, benchmark, metric) - Value(results, "lora", benchmark, metric), delta.Delta, 12);
            }
        }

        // Each method's strength: μ̄ the calibration's ratio of sums and λ̄ its mean, the defaults (solved along
        // different directions, so not the same number), β the setting; contrastive is hard, so its ties and all-masked items are counted.
        var svdecode = Diagnostics(results, "lora+svdecode", "demo-commonsense");
        var extrapolation = Diagnostics(results, "lora+extrapolation", "demo-commonsense");
        var contrastive = Diagnostics(results, "lora+contrastive", "demo-commonsense");
        Assert.Equal(svdecode["mu_ratio"], svdecode["mu_bar"]);
        Assert.Equal(extrapolation["lambda_mean"], extrapolation["lambda_bar"]);
        Assert.False(extrapolation.ContainsKey("mu_bar"));
        Assert.NotEqual(svdecode["mu_bar"], extrapolation["lambda_bar"]);
        Assert.Equal(1.0, contrastive["beta"]);
        Assert.True(contrastive.ContainsKey("hard_ties_broken") && contrastive.ContainsKey("hard_all_masked"));
        Assert.False(svdecode.ContainsKey("hard_ties_broken"));                 // SVDecode scores under the soft mask
        foreach (var cell in Cells.Skip(1))
        {
            var d = Diagnostics(results, cell, "demo-commonsense");
            Assert.True(d["steered_scoring_positions"] > 0, cell);
            Assert.InRange(d["steered_scoring_kept_fraction"], 1e-9, 1.0);
            Assert.InRange(d["steered_scoring_multi_kept_positions"], 0, d["steered_scoring_positions"]);
            Assert.Equal(d["steered_scoring_multi_kept_positions"] / d["steered_scoring_positions"], d["steered_scoring_multi_kept_share"], 12);
            Assert.Equal(0, d["steered_scoring_non_finite_positions"]);
        }
        // μ* and λ* are separate calibrations (keyed by method), each run once per benchmark; off and contrastive
        // solve nothing.
        var strength = results.Timings.Where(t => t.Stage == "strength").ToList();
        Assert.Equal(["lora+svdecode", "lora+svdecode", "lora+extrapolation", "lora+extrapolation"], strength.Select(t => t.Cell).Order(StringComparer.Ordinal).Reverse());
        Assert.All(strength, t => Assert.False(t.Reused));
        Assert.Equal(4, strength.Select(t => t.ArtifactKey).Distinct().Count());

        var report = File.ReadAllText(Path.Combine(output, "report.md"));
        Assert.Contains("| PEFT | metric | off (adapter) | svdecode | Δ svdecode (paired) | 95% CI | contrastive | Δ contrastive (paired) | 95% CI | extrapolation | Δ extrapolation (paired) | 95% CI | n |", report, StringComparison.Ordinal);
        Assert.Contains("## Decoding strength (μ̄ SVDecode, λ̄ extrapolation, β contrastive)", report, StringComparison.Ordinal);
        var csv = File.ReadAllLines(Path.Combine(output, "results.csv"));
        Assert.Contains(csv, l => l.StartsWith("lora+contrastive,lora,on,contrastive,,,0.1,hard,,,1,demo-commonsense,", StringComparison.Ordinal));
        Assert.Contains(csv, l => l.StartsWith("lora+extrapolation,lora,on,extrapolation,,,0.1,soft,mean,,", StringComparison.Ordinal));

        // A second run reuses every artifact: no method's key moves between runs or is taken for another's.
        var again = await RunAsync(output, Overrides("loglikelihood"));
        Assert.All(again.Timings, t => Assert.True(t.Reused, $"{t.Cell} {t.Benchmark} {t.Stage} ran again"));
        Assert.Equal(results.Cells.SelectMany(c => c.Benchmarks.SelectMany(b => b.Metrics.Select(m => m.Value))), again.Cells.SelectMany(c => c.Benchmarks.SelectMany(b => b.Metrics.Select(m => m.Value))));
    }

    [Fact]
    public async Task EveryMethodGeneratesThroughTheSamePair()
    {
        using var dir = new TempDirectory();
        var results = await RunAsync(dir.Combine("run"), [.. Overrides("generate"), "matrix={peft: [lora], decoding: [off, contrastive, extrapolation]}", "extrapolation.lambda=4"]);

        Assert.Equal(RunStatus.Complete, results.Status);
        foreach (var cell in new[] { "lora+contrastive", "lora+extrapolation" })
        {
            var d = Diagnostics(results, cell, "demo-commonsense");
            Assert.True(d["steered_generation_positions"] > 0, cell);
            Assert.Equal(0, d["steered_generation_non_finite_positions"]);
            Assert.Equal(12, results.Cells.Single(c => c.Id == cell).Benchmarks.Single(b => b.Id == "demo-commonsense").Metrics.Single(m => m.Name == "gen_acc").N);
        }
        // A fixed λ is used as given; the calibration still runs for its diagnostics.
        Assert.Equal(4, Diagnostics(results, "lora+extrapolation", "demo-commonsense")["lambda_bar"]);
        Assert.Equal("fixed", results.Cells.Single(c => c.Id == "lora+extrapolation").Aggregate);
    }

    private static IReadOnlyDictionary<string, double> Diagnostics(RunResults results, string cell, string benchmark) =>
        results.Cells.Single(c => c.Id == cell).Benchmarks.Single(b => b.Id == benchmark).Diagnostics;

    private static double Value(RunResults results, string cell, string benchmark, string metric) =>
        results.Cells.Single(c => c.Id == cell).Benchmarks.Single(b => b.Id == benchmark).Metrics.Single(m => m.Name == metric).Value;
}

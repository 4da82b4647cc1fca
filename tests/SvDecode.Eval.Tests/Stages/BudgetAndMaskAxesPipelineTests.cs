using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SvDecode.Eval.Benchmarks;
using SvDecode.Eval.Hosting;
using SvDecode.Eval.Engine;
using SvDecode.Eval.Pipeline;
using SvDecode.Eval.Results;
using SvDecode.Eval.Stages;
using SvDecode.Eval.Tests.Engine;
using SvDecode.Eval.Tests.Support;
using Xunit;

namespace SvDecode.Eval.Tests.Stages;

/// <summary>
/// matrix.warmstart_epochs and matrix.scoring_mask through the real stages on the bundled demo model (the quickstart
/// with a tiny test split): one warm-start per budget of its own length, one calibration per adapter whatever the
/// mask, one score per mask, each budget's cells paired with that budget's adapter, and the budget's table, column
/// and plot in the outputs.
/// </summary>
public sealed class BudgetAndMaskAxesPipelineTests
{
    private static readonly string[] Benchmark =
    [
        "benchmarks=[{name: jsonl, id: demo-commonsense, data: data/demo/demo-commonsense-test.jsonl, train_data: data/demo/demo-commonsense-train.jsonl, limit: 12}]",
        "warmstart.warmup_ratio=0.5",
    ];

    private static async Task<RunResults> RunAsync(string output, params string[] overrides)
    {
        await using var services = TestRunHost.RealServices();
        var document = PipelineLoader.Load(Path.Combine(SharedFiles.RepositoryRoot, "pipelines", "quickstart.yaml"), [.. Benchmark, .. overrides], services.Catalog());
        return await PipelineRunner.RunAsync(new RunRequest(document, output), services, default);
    }

    [Fact]
    public async Task EachBudgetTrainsItsOwnShareOfAnEpochAndEachMaskScoresOnItsCalibration()
    {
        using var dir = new TempDirectory();
        var output = dir.Combine("run");
        // A run without the axis at a fraction of an epoch: the axis's cell of the same budget must reuse its adapter.
        var before = await RunAsync(output, "matrix={peft: [lora], steering: [off]}", "warmstart.epochs=0.02");
        Assert.Equal(RunStatus.Complete, before.Status);
        Assert.Equal(["lora"], before.Cells.Select(c => c.Id));

        var results = await RunAsync(output, "matrix={peft: [none, lora], decoding: [off, svdecode, contrastive], warmstart_epochs: [0.01, 0.02], scoring_mask: [hard, soft]}");

        Assert.Equal(RunStatus.Complete, results.Status);
        string[] PerBudget(string e) => [$"lora[epochs={e}]", $"lora+svdecode[epochs={e},mask=hard]", $"lora+svdecode[epochs={e},mask=soft]", $"lora+contrastive[epochs={e}]"];
        Assert.Equal(["none", .. PerBudget("0.01"), .. PerBudget("0.02")], results.Cells.Select(c => c.Id));

        // One warm-start per budget, of ceil(items × epochs) steps, its warm-up from its own step count; 0.02 was
        // trained by the run without the axis.
        var warmstarts = results.Timings.Where(t => t.Stage == "warmstart").ToList();
        Assert.Equal(2, warmstarts.Select(t => t.ArtifactKey).Distinct().Count());
        Assert.Equal(["lora[epochs=0.01]"], warmstarts.Where(t => !t.Reused).Select(t => t.Cell));
        Assert.Equal(before.Timings.Single(t => t.Stage == "warmstart").ArtifactKey, warmstarts.Single(t => t.Cell == "lora[epochs=0.02]").ArtifactKey);
        foreach (var (epochs, cell) in new[] { (0.01, "lora[epochs=0.01]"), (0.02, "lora[epochs=0.02]") })
        {
            var log = TrainingLog(output, warmstarts.Single(t => t.Cell == cell).ArtifactKey);
            var steps = (int)Math.Ceiling(log.Items * (decimal)epochs);
            Assert.InRange(log.Items, 200, 400); // the demo train file less its calibration share
            Assert.Equal(steps, log.Steps.Count);
            Assert.Equal(0, log.Steps[0].LearningRate);
            Assert.Equal(3.0e-3 / Math.Ceiling(steps * 0.5), log.Steps[1].LearningRate, 12);
        }

        // The mask does not enter μ*: the two masks of a budget share one calibration and its μ̄, and score apart.
        foreach (var budget in new[] { "0.01", "0.02" })
        {
            var hard = $"lora+svdecode[epochs={budget},mask=hard]";
            var soft = $"lora+svdecode[epochs={budget},mask=soft]";
            var strength = results.Timings.Where(t => t.Stage == "strength" && (t.Cell == hard || t.Cell == soft)).ToList();
            Assert.Single(strength.Select(t => t.ArtifactKey).Distinct());
            Assert.Equal(Diagnostics(results, hard)["mu_bar"], Diagnostics(results, soft)["mu_bar"]);
            Assert.NotEqual(ScoreKey(results, hard), ScoreKey(results, soft));
            Assert.True(Diagnostics(results, hard).ContainsKey("hard_ties_broken"));   // hard: −∞ answers, ties broken
            Assert.False(Diagnostics(results, soft).ContainsKey("hard_ties_broken"));
            Assert.Equal(("hard", "soft", "hard"), (Cell(results, hard).ScoringMask, Cell(results, soft).ScoringMask, Cell(results, $"lora+contrastive[epochs={budget}]").ScoringMask));
            Assert.Null(Cell(results, $"lora[epochs={budget}]").ScoringMask);
            // Each budget's steered cells pair with that budget's adapter.
            Assert.Contains(results.PairedDeltas, d => d.Cell == hard && d.Baseline == $"lora[epochs={budget}]" && d.Metric == "acc");
            Assert.Contains(results.PairedDeltas, d => d.Cell == $"lora[epochs={budget}]" && d.Baseline == "none" && d.Metric == "acc");
        }
        Assert.DoesNotContain(results.PairedDeltas, d => d.Cell.Contains("epochs=0.01", StringComparison.Ordinal) && d.Baseline.Contains("epochs=0.02", StringComparison.Ordinal));
        Assert.Equal(new Dictionary<string, double> { ["alpha"] = 0.1, ["epochs"] = 0.02 }, Cell(results, "lora+svdecode[epochs=0.02,mask=hard]").Parameters);

        var csv = File.ReadAllLines(Path.Combine(output, "results.csv"));
        Assert.Contains(csv, l => l.StartsWith("\"lora+svdecode[epochs=0.01,mask=hard]\",lora,on,svdecode,0.01,,0.1,hard,ratio,,", StringComparison.Ordinal));
        Assert.Contains(csv, l => l.StartsWith("lora[epochs=0.02],lora,off,off,0.02,,,,,,,demo-commonsense,", StringComparison.Ordinal));
        var report = File.ReadAllText(Path.Combine(output, "report.md"));
        Assert.Contains("Warm-start budget (each adapter after that many epochs", report, StringComparison.Ordinal);
        Assert.Contains("| lora | 0.01 | acc |", report, StringComparison.Ordinal);
        Assert.Contains("| lora[epochs=0.02,mask=hard] | acc |", report, StringComparison.Ordinal); // the mask in the row's name
        Assert.True(File.Exists(Path.Combine(output, PlotExporter.Folder, "demo-commonsense.acc.vs-epochs.png")));
    }

    private static WarmStartLog TrainingLog(string output, string key) =>
        JsonSerializer.Deserialize<WarmStartLog>(File.ReadAllText(Path.Combine(output, "artifacts", "warmstart", key, WarmStartStage.LogFileName)), SvDecode.Eval.Json.Options)!;

    private static CellResult Cell(RunResults results, string id) => results.Cells.Single(c => c.Id == id);

    private static IReadOnlyDictionary<string, double> Diagnostics(RunResults results, string cell) => Cell(results, cell).Benchmarks.Single().Diagnostics;

    private static string ScoreKey(RunResults results, string cell) => results.Timings.Single(t => t.Stage == "score" && t.Cell == cell).ArtifactKey;
}

using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SvDecode.Eval.Benchmarks;
using SvDecode.Eval.Calibration;
using SvDecode.Eval.Engine;
using SvDecode.Eval.Hosting;
using SvDecode.Eval.Results;
using SvDecode.Eval.Scoring;
using SvDecode.Eval.Stages;
using SvDecode.Eval.Steering;
using SvDecode.Eval.Tests.Engine;
using SvDecode.Eval.Tests.Support;
using SvDecode.Eval.Tokenization;
using Xunit;

namespace SvDecode.Eval.Tests.Stages;

/// <summary>
/// The strength and score stages on a tiny pipeline (prompt tuning, steering off and on), checked against
/// the library run by hand on the same model, adapter and splits.
/// </summary>
public sealed class SteeringStagesTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly TinyPipeline _tiny;

    public SteeringStagesTests() => _tiny = new TinyPipeline(_dir);

    public void Dispose()
    {
        _tiny.Dispose();
        _dir.Dispose();
    }

    private string Output => _dir.Combine("run");

    private async Task<RunResults> RunAsync(params string[] overrides)
    {
        // The harness's own stages (not the engine tests' fake score stage) plus a stand-in warm-start stage.
        using var services = new ServiceCollection()
            .AddSvDecodeHarness()
            .AddSvDecodeBenchmarks()
            .AddSingleton<IPipelineStage>(new CopyAdapterWarmStartStage(_tiny.AdapterDirectory))
            .BuildServiceProvider();
        var request = new RunRequest(TestRunHost.Load(_tiny.WritePipeline(), overrides), Output);
        return await PipelineRunner.RunAsync(request, services, CancellationToken.None);
    }

    private string ArtifactOf(RunResults results, string cell, string stage) =>
        Path.Combine(Output, "artifacts", stage, results.Timings.Single(t => t.Cell == cell && t.Stage == stage).ArtifactKey);

    /// <summary>The pipeline's default aggregate (strength.aggregate: ratio).</summary>
    private static readonly StrengthAggregation Ratio = new() { Kind = StrengthAggregateKind.Ratio };

    [Fact]
    public async Task LogLikelihoodCellsMatchTheLibraryRunByHand()
    {
        var results = await RunAsync();

        Assert.Equal(RunStatus.Complete, results.Status);
        Assert.Equal(["prompt_tuning", "prompt_tuning+svdecode"], results.Cells.Select(c => c.Id));
        var plain = results.Cells[0].Benchmarks.Single();
        var steered = results.Cells[1].Benchmarks.Single();
        var testCount = (int)plain.Diagnostics["items_test"];
        foreach (var benchmark in new[] { plain, steered })
        {
            Assert.Equal(["acc", "acc_norm"], benchmark.Metrics.Select(m => m.Name).Where(n => n.StartsWith("acc", StringComparison.Ordinal)));
            Assert.All(benchmark.Metrics, m => Assert.Equal(testCount, m.N));
            Assert.All(benchmark.Metrics, m => Assert.NotNull(m.Stderr));
        }
        Assert.DoesNotContain("mu_bar", plain.Diagnostics.Keys);
        Assert.DoesNotContain("strength", results.Timings.Where(t => t.Cell == "prompt_tuning").Select(t => t.Stage));
        foreach (var name in new[] { "mu_bar", "mu_mean", "mu_median", "mu_trimmed", "mu_ratio", "tokens_used", "tokens_skipped", "negative_fraction", "kept_fraction", "mean_kl" })
        {
            Assert.Contains(name, steered.Diagnostics.Keys);
        }
        Assert.Equal(0, steered.Diagnostics["non_finite_delta"]);
        Assert.Equal(steered.Diagnostics["mu_bar"], steered.Diagnostics["mu_ratio"]); // the default aggregate
        Assert.Contains(results.PairedDeltas, d => d.Metric == "acc");

        // By hand (the pipeline's default batched pair): the same model, adapter and calibration split give the same μ̄ and the same steered choice scores.
        var dataset = JsonSerializer.Deserialize<DatasetArtifact>(File.ReadAllText(Path.Combine(ArtifactOf(results, "prompt_tuning+svdecode", "dataset"), StageOutputs.Dataset.FileName)), Json.Options)!;
        using var model = _tiny.Model.Load();
        var tokenizer = TokenizerLoader.Load(_tiny.Model.Directory);
        using var adapter = new PeftAdapterLoader().Attach(model, _tiny.AdapterDirectory);
        var calibration = dataset.Calibration.Select(i => CalibrationExample.FromWarmStart(tokenizer, i.WarmStart)).ToList();
        var report = new StrengthCalibrator(() => adapter.OpenPair(PairForward.Batched)).Calibrate(calibration, new StrengthSolverOptions(), Ratio);
        Assert.Equal(report.MuBar, steered.Diagnostics["mu_bar"], 1e-9);
        Assert.Equal(report.TokensUsed, steered.Diagnostics["tokens_used"]);
        // The calibration targets are the warm-start's: every answer token and the EOS after it (method.md §9).
        var eos = Assert.IsType<int>(tokenizer.EosTokenId);
        var answerTokens = dataset.Calibration.Sum(i => tokenizer.Encode(i.WarmStart.Target, addSpecialTokens: false).Count);
        Assert.Equal(answerTokens + dataset.Calibration.Count, steered.Diagnostics["tokens_used"] + steered.Diagnostics["tokens_skipped"]);
        Assert.Equal(answerTokens + dataset.Calibration.Count, steered.Diagnostics["steering_positions"]);
        Assert.All(calibration, e => Assert.Equal(eos, e.TargetIds[^1]));
        var strengthFile = StrengthReport.FromJson(File.ReadAllText(Path.Combine(ArtifactOf(results, "prompt_tuning+svdecode", "strength"), StageOutputs.Strength.FileName)));
        Assert.Equal(report.TokensTotal, strengthFile.TokensTotal);
        Assert.Equal(report.Histogram.Counts, strengthFile.Histogram.Counts);
        Assert.Equal(report.Histogram.Counts, steered.MuStar!.Counts);

        // The steering vector's diagnostics, measured in the strength solve's pass, against δ and the mask built by hand.
        long positions = 0, kept = 0, goldKept = 0;
        double klSum = 0;
        using (var pair = adapter.OpenPair(PairForward.Batched))
        {
            foreach (var batch in calibration.Chunk(8))
            {
                AnswerPositionLogits.ForEachChunk(pair, batch, (zTheta, zPhi, targets) =>
                {
                    var steering = SteeringVector.Compute(zTheta, zPhi);
                    using var keep = ConfidenceMask.Compute(steering.AdaptedProbs, 0.1);
                    positions += targets.Length;
                    kept += keep.sum().item<long>();
                    goldKept += targets.Select((t, i) => keep[i, t].item<bool>() ? 1 : 0).Sum();
                    klSum += steering.Kl.sum().item<float>();
                    steering.Dispose();
                });
            }
        }
        Assert.Equal(positions, steered.Diagnostics["steering_positions"]);
        Assert.Equal(kept / (double)positions, steered.Diagnostics["mean_kept_count"], 1e-12);
        Assert.Equal(kept / ((double)positions * model.Config.VocabSize), steered.Diagnostics["kept_fraction"], 1e-12);
        Assert.Equal(goldKept / (double)positions, steered.Diagnostics["gold_kept_fraction"], 1e-12);
        Assert.Equal(klSum / positions, steered.Diagnostics["mean_kl"], 1e-5);

        var soft = new SessionLanguageModel(new SteeredSessionFactory(() => adapter.OpenPair(PairForward.Batched), model.Config.VocabSize, report.MuBar, SteeringOptions.ForScoring));
        var adapted = new SessionLanguageModel(adapter.AdaptedSessions);
        var outputs = ReadItems(ArtifactOf(results, "prompt_tuning+svdecode", "score"));
        var plainOutputs = ReadItems(ArtifactOf(results, "prompt_tuning", "score"));
        Assert.Equal(dataset.Test.Select(i => i.Id), outputs.Select(o => o.DocId));
        var correct = 0;
        for (var k = 0; k < dataset.Test.Count; k++)
        {
            var item = dataset.Test[k];
            var scores = soft.LogLikelihood([.. item.Choices.Select(c => CalibrationExample.FromText(tokenizer, item.Prompt, c)).Select(e => new LogLikelihoodRequest(e.PromptIds, e.TargetIds))]).Select(r => r.Sum).ToArray();
            Assert.Equal(scores, outputs[k].Loglikelihoods!, (a, b) => Math.Abs(a - b) < 1e-4); // batched vs one-by-one: float32 noise
            // The item log's unsteered scores come from the same forward: the adapted model's own, as the off cell scored them.
            var unsteered = adapted.LogLikelihood([.. item.Choices.Select(c => CalibrationExample.FromText(tokenizer, item.Prompt, c)).Select(e => new LogLikelihoodRequest(e.PromptIds, e.TargetIds))]).Select(r => r.Sum).ToArray();
            Assert.Equal(unsteered, outputs[k].UnsteeredLoglikelihoods!, (a, b) => Math.Abs(a - b) < 1e-4);
            Assert.Equal(plainOutputs[k].Loglikelihoods!, outputs[k].UnsteeredLoglikelihoods!, (a, b) => Math.Abs(a - b) < 1e-4);
            Assert.Equal(plainOutputs[k].Prediction, outputs[k].UnsteeredPrediction);
            Assert.Null(plainOutputs[k].UnsteeredLoglikelihoods);
            Assert.Equal((item.Prompt, item.GoldIndex, "multiple_choice"), (outputs[k].Prompt, outputs[k].Target!.Value, outputs[k].Scoring));
            Assert.Equal(item.Choices, outputs[k].Choices!);
            correct += Eval.Metrics.ChoiceAccuracy.ArgMax(scores) == item.GoldIndex ? 1 : 0;
        }
        Assert.Equal(correct / (double)testCount, steered.Metrics.Single(m => m.Name == "acc").Value, 1e-12);
    }

    [Fact]
    public async Task ProjectionOffSolvesMuBarAlongGUnderItsOwnKey()
    {
        var on = await RunAsync();
        var off = await RunAsync("steering.projection=false"); // the same run directory: what the setting changes is recomputed
        string Key(RunResults results, string stage) => results.Timings.Single(t => t.Cell == "prompt_tuning+svdecode" && t.Stage == stage).ArtifactKey;
        foreach (var name in new[] { "kept_fraction", "mean_kl", "gold_kept_fraction" }) // δ does not depend on the setting
        {
            Assert.Equal(on.Cells[1].Benchmarks.Single().Diagnostics[name], off.Cells[1].Benchmarks.Single().Diagnostics[name]);
        }
        Assert.NotEqual(Key(on, "strength"), Key(off, "strength"));
        Assert.NotEqual(Key(on, "score"), Key(off, "score"));

        // By hand: μ̄ with projection off is the (default: ratio-of-sums) least-squares strength along g = −(log r + 1) (method.md §9).
        var dataset = JsonSerializer.Deserialize<DatasetArtifact>(File.ReadAllText(Path.Combine(ArtifactOf(off, "prompt_tuning+svdecode", "dataset"), StageOutputs.Dataset.FileName)), Json.Options)!;
        using var model = _tiny.Model.Load();
        var tokenizer = TokenizerLoader.Load(_tiny.Model.Directory);
        using var adapter = new PeftAdapterLoader().Attach(model, _tiny.AdapterDirectory);
        var calibration = dataset.Calibration.Select(i => CalibrationExample.FromWarmStart(tokenizer, i.WarmStart)).ToList();
        var calibrator = new StrengthCalibrator(() => adapter.OpenPair(PairForward.Batched));
        var alongG = calibrator.Calibrate(calibration, new StrengthSolverOptions { Projection = false }, Ratio);
        var alongDelta = calibrator.Calibrate(calibration, new StrengthSolverOptions(), Ratio);
        var steeredOff = off.Cells[1].Benchmarks.Single();
        Assert.Equal(alongG.MuBar, steeredOff.Diagnostics["mu_bar"], 1e-9);
        Assert.Equal(alongDelta.MuBar, on.Cells[1].Benchmarks.Single().Diagnostics["mu_bar"], 1e-9);
        Assert.True(Math.Abs(alongG.MuBar - alongDelta.MuBar) > 1e-6, $"mu-bar along g ({alongG.MuBar}) and along delta ({alongDelta.MuBar}) should differ");
    }

    [Fact]
    public async Task FixedStrengthAndGenerateModeAreHonoured()
    {
        var results = await RunAsync("strength.aggregate=fixed", "strength.fixed=-2.5", "scoring.mode=generate", "steering.scoring_mask=hard");

        Assert.Equal(RunStatus.Complete, results.Status);
        var steered = results.Cells[1].Benchmarks.Single();
        Assert.Equal(-2.5, steered.Diagnostics["mu_bar"]);
        Assert.True(double.IsFinite(steered.Diagnostics["mu_mean"]) && steered.Diagnostics["mu_mean"] != -2.5); // the calibration is still reported
        Assert.Equal(["gen_acc", "unparsable"], steered.Metrics.Select(m => m.Name));
        var outputs = ReadItems(ArtifactOf(results, "prompt_tuning+svdecode", "score"));
        Assert.All(outputs, o => Assert.NotNull(o.Generated));
        Assert.Equal(steered.Metrics.Single(m => m.Name == "unparsable").Value, outputs.Average(o => o.Prediction is null ? 1.0 : 0.0), 1e-12);
        // Hard mask in generation: every generated position was steered and none was non-finite.
        Assert.True(steered.Diagnostics["steered_generation_positions"] > 0);
        Assert.Equal(0, steered.Diagnostics["steered_generation_non_finite_positions"]);
    }

    private static List<ItemOutput> ReadItems(string artifact) =>
        [.. File.ReadAllLines(Path.Combine(artifact, ArtifactStore.ItemOutputsFileName)).Select(l => JsonSerializer.Deserialize<ItemOutput>(l, Json.Options)!)];
}

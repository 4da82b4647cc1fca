using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SvDecode.Eval.Benchmarks;
using SvDecode.Eval.Engine;
using SvDecode.Eval.Hosting;
using SvDecode.Eval.Judging;
using SvDecode.Eval.Pipeline;
using SvDecode.Eval.Results;
using SvDecode.Eval.Stages;
using SvDecode.Eval.Tests.Engine;
using SvDecode.Eval.Tests.Stages;
using SvDecode.Eval.Tests.Support;
using Xunit;

namespace SvDecode.Eval.Tests.Judging;

/// <summary>
/// truthfulqa_gen with an LLM judge, end to end through the real dataset, steering, strength and score stages: the
/// judged metrics reach results.json with standard errors and paired deltas, agree with judge.jsonl and with the
/// judge run by hand on the generated answers, and the judge is part of the score stage's artifact key.
/// </summary>
public sealed class JudgePipelineTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly JudgePipeline _setting;

    public JudgePipelineTests() => _setting = new JudgePipeline(_dir);

    public void Dispose()
    {
        _setting.Dispose();
        _dir.Dispose();
    }

    private async Task<RunResults> RunAsync(string pipeline, string output)
    {
        using var services = new ServiceCollection()
            .AddSvDecodeHarness()
            .AddSvDecodeBenchmarks()
            .AddSingleton<IPipelineStage>(new CopyAdapterWarmStartStage(_setting.AdapterDirectory))
            .BuildServiceProvider();
        var document = PipelineLoader.Load(pipeline, [], services.Catalog());
        return await PipelineRunner.RunAsync(new RunRequest(document, output), services, CancellationToken.None);
    }

    private static string ScoreKey(RunResults results, string cell, string benchmark = "truthfulqa_gen") =>
        results.Timings.Single(t => t.Cell == cell && t.Benchmark == benchmark && t.Stage == ScoreStage.StageName).ArtifactKey;

    [Fact]
    public async Task JudgedMetricsReachTheResultsWithStandardErrorsAndPairedDeltas()
    {
        var judge = _setting.Judge(seed: 21);
        var output = _dir.Combine("run");
        var results = await RunAsync(_setting.WritePipeline(judge), output);

        Assert.Equal(RunStatus.Complete, results.Status);
        Assert.Equal(["prompt_tuning", "prompt_tuning+svdecode"], results.Cells.Select(c => c.Id));
        var written = TestRunHost.ReadResults(output);
        foreach (var cell in written.Cells)
        {
            var benchmark = cell.Benchmarks.Single();
            var names = benchmark.Metrics.Select(m => m.Name).ToList();
            Assert.Contains("bleu_diff", names);
            Assert.Contains("rougeL_acc", names);
            var testCount = (int)benchmark.Diagnostics["items_test"];
            Assert.Equal(6, testCount);
            foreach (var name in new[] { "truth", "info", "truth_info" })
            {
                var metric = benchmark.Metrics.Single(m => m.Name == name);
                Assert.Equal(testCount, metric.N);
                Assert.NotNull(metric.Stderr);
                Assert.InRange(metric.Value, 0, 1);
            }
            Assert.Equal(1, benchmark.Diagnostics["judge_truth_template_version"]);
            Assert.Equal(1, benchmark.Diagnostics["judge_info_template_version"]);
            Assert.InRange(benchmark.Diagnostics["judge_truth_p_yes_mean"], 0, 1);

            // judge.jsonl holds the per-item verdicts the metrics are the means of; truth_info is truth AND info.
            var artifact = Path.Combine(output, "artifacts", ScoreStage.StageName, ScoreKey(results, cell.Id));
            var verdicts = File.ReadAllLines(Path.Combine(artifact, JudgeItemOutput.FileName)).Select(l => JsonSerializer.Deserialize<JudgeItemOutput>(l, Json.Options)!).ToList();
            Assert.Equal(testCount, verdicts.Count);
            Assert.Equal(verdicts.Average(v => v.Truth ? 1.0 : 0.0), benchmark.Metrics.Single(m => m.Name == "truth").Value, 1e-12);
            Assert.Equal(verdicts.Average(v => v.Info ? 1.0 : 0.0), benchmark.Metrics.Single(m => m.Name == "info").Value, 1e-12);
            Assert.Equal(verdicts.Average(v => v.Truth && v.Info ? 1.0 : 0.0), benchmark.Metrics.Single(m => m.Name == "truth_info").Value, 1e-12);
            Assert.Equal(verdicts.Average(v => v.PTruth), benchmark.Diagnostics["judge_truth_p_yes_mean"], 1e-12);
            Assert.All(verdicts, v => Assert.Equal(v.Truth, v.PTruth > 0.5));
        }
        foreach (var name in new[] { "truth", "info", "truth_info" })
        {
            Assert.Contains(written.PairedDeltas, d => d.Metric == name);
        }
        Assert.Contains(written.Manifest.Inputs, i => i.Role == "judge-model" && i.Path.StartsWith(judge, StringComparison.Ordinal));
        Assert.Contains(written.Manifest.Inputs, i => i.Role == "judge-tokenizer");
    }

    [Fact]
    public async Task TheJudgeIsPartOfTheScoreStageKey()
    {
        var first = _setting.Judge(seed: 21);
        var second = _setting.Judge(seed: 22);
        var output = _dir.Combine("run");
        _setting.IncludeMc = true;
        // One unsteered cell keeps the five runs cheap; steering does not touch the judge's part of the key.
        var judged = await RunAsync(_setting.WritePipeline("[off]", first), output);
        var again = await RunAsync(_setting.WritePipeline("[off]", first), output);
        var otherJudge = await RunAsync(_setting.WritePipeline("[off]", second), output);
        var otherTemplate = await RunAsync(_setting.WritePipeline("[off]", first, "truth_template: truthfulqa-judge-info"), output);
        var noJudge = await RunAsync(_setting.WritePipeline("[off]", null), output);

        const string cell = "prompt_tuning";
        var key = ScoreKey(judged, cell);
        Assert.Equal(key, ScoreKey(again, cell));
        Assert.NotEqual(key, ScoreKey(otherJudge, cell));
        Assert.NotEqual(key, ScoreKey(otherTemplate, cell));
        Assert.NotEqual(key, ScoreKey(noJudge, cell));
        // A multiple-choice benchmark cannot be judged: its scores keep their key (and are reused) whatever the judge.
        var mc = ScoreKey(judged, cell, "truthfulqa_mc");
        Assert.All(new[] { again, otherJudge, otherTemplate, noJudge }, r => Assert.Equal(mc, ScoreKey(r, cell, "truthfulqa_mc")));
        Assert.DoesNotContain(judged.Cells[0].Benchmarks.Single(b => b.Id == "truthfulqa_mc").Metrics, m => m.Name == "truth");
        Assert.True(again.Timings.Where(t => t.Stage == ScoreStage.StageName).All(t => t.Reused));
        // Only the score stage depends on the judge; the generation metrics do not change with it.
        Assert.True(otherJudge.Timings.Where(t => t.Stage != ScoreStage.StageName || t.Benchmark == "truthfulqa_mc").All(t => t.Reused));
        var bleu = judged.Cells[0].Benchmarks[0].Metrics.Single(m => m.Name == "bleu_diff").Value;
        Assert.Equal(bleu, otherJudge.Cells[0].Benchmarks[0].Metrics.Single(m => m.Name == "bleu_diff").Value);
        Assert.DoesNotContain(noJudge.Cells[0].Benchmarks[0].Metrics, m => m.Name == "truth");
    }
}

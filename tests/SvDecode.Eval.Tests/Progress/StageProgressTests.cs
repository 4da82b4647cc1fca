using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SvDecode.Eval.Benchmarks;
using SvDecode.Eval.Engine;
using SvDecode.Eval.Hosting;
using SvDecode.Eval.Pipeline;
using SvDecode.Eval.Results;
using SvDecode.Eval.Tests.Stages;
using SvDecode.Eval.Tests.Engine;
using SvDecode.Eval.Tests.Support;
using Xunit;

namespace SvDecode.Eval.Tests.Progress;

/// <summary>
/// A whole run of the harness's own stages (a real warm-start, strength and score, steering off and on) on the
/// reference model: every long stage reports its units to the run's progress, and --log-items writes the per-item log
/// with groups, both sets of log-likelihoods and the per-group metrics.
/// </summary>
public sealed class StageProgressTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Output => _dir.Combine("run");

    private string WritePipeline()
    {
        _dir.File("items.jsonl", string.Concat(Enumerable.Range(0, 16).Select(i =>
            $"{{\"question\": \"Is {i} even?\", \"choices\": [\"yes\", \"no\"], \"answer\": {i % 2}, \"group\": \"{(i < 8 ? "small" : "large")}\"}}\n")));
        return _dir.File("progress.yaml", $"""
            name: progress
            seed: 3
            model:
              path: {ReferenceModelWithTokenizer.Directory}
            benchmarks:
              - name: jsonl
                data: items.jsonl
                split:
                  calibration_fraction: 0.25
            matrix:
              peft: [lora]
              steering: [off, on]
            warmstart:
              max_steps: 3
              learning_rate: 0.01
              lora:
                r: 2
            decode:
              max_new_tokens: 3
            """);
    }

    private async Task<(RunResults Results, RecordingProgress Progress)> RunAsync(string pipeline, params string[] overrides)
    {
        using var provider = TestRunHost.RealServices();
        var document = PipelineLoader.Load(pipeline, overrides, TestPipelines.Catalog);
        var progress = new RecordingProgress();
        var results = await new PipelineRunner(provider).RunAsync(new RunRequest(document, Output, LogItems: true), progress, CancellationToken.None);
        Assert.Equal(RunStatus.Complete, results.Status);
        return (results, progress);
    }

    [Fact]
    public async Task EveryLongStageReportsItsUnitsAndTheItemLogExplainsEachItem()
    {
        var (results, progress) = await RunAsync(WritePipeline());

        var steps = progress.Steps.ToList();
        Assert.All(steps, s => Assert.True(s.Finished && s.Done == s.Total, $"{s.Label}: {s.Done}/{s.Total}, finished {s.Finished}"));
        var plain = results.Cells.Single(c => c.Id == "lora").Benchmarks.Single();
        var steered = results.Cells.Single(c => c.Id == "lora+svdecode").Benchmarks.Single();
        // The adapter is trained once (the steered cell reuses it), in steps.
        var warm = Assert.Single(steps, s => s.Label.StartsWith("warm-start [", StringComparison.Ordinal));
        Assert.Equal(("warm-start [lora / jsonl]", 3L, "steps"), (warm.Label, warm.Total, warm.Unit));
        var strength = Assert.Single(steps, s => s.Label.StartsWith("strength", StringComparison.Ordinal));
        Assert.Equal(("strength (calibration) [lora+svdecode / jsonl]", (long)steered.Diagnostics["items_calibration"]), (strength.Label, strength.Total));
        foreach (var cell in new[] { "lora", "lora+svdecode" })
        {
            var score = Assert.Single(steps, s => s.Label == $"score (log-likelihood) [{cell} / jsonl]");
            Assert.Equal(((long)plain.Diagnostics["items_test"], "items"), (score.Total, score.Unit));
        }

        // items.jsonl: one line per cell and item, with what the model saw, did and scored.
        var lines = File.ReadAllLines(Path.Combine(Output, ItemLogExporter.OutputsFileName)).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        Assert.Equal(2 * (int)plain.Diagnostics["items_test"], lines.Count);
        foreach (var line in lines)
        {
            Assert.Equal(2, line["choices"]!.AsArray().Count);
            Assert.Equal(2, line["loglikelihoods"]!.AsArray().Count);
            Assert.Contains(" even?", line["prompt"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Contains(line["group"]!.GetValue<string>(), new[] { "small", "large" });
            Assert.NotNull(line["metrics"]!["acc"]);
            var steeredLine = line["cell"]!.GetValue<string>() == "lora+svdecode";
            Assert.Equal(steeredLine, line["unsteered_loglikelihoods"] is not null);
            Assert.Equal(steeredLine, line["unsteered_prediction"] is not null);
        }
        // A steered line's unsteered scores are the unsteered cell's scores of the same item.
        var plainById = lines.Where(l => l["cell"]!.GetValue<string>() == "lora").ToDictionary(l => l["doc_id"]!.GetValue<string>());
        foreach (var line in lines.Where(l => l["cell"]!.GetValue<string>() == "lora+svdecode"))
        {
            var twin = plainById[line["doc_id"]!.GetValue<string>()];
            Assert.Equal(Doubles(twin["loglikelihoods"]!), Doubles(line["unsteered_loglikelihoods"]!), (a, b) => Math.Abs(a - b) < 1e-4);
            Assert.Equal(twin["prediction"]!.GetValue<int>(), line["unsteered_prediction"]!.GetValue<int>());
        }

        // results.json's per-group metrics are the means over each group's lines.
        foreach (var (cell, benchmark) in new[] { ("lora", plain), ("lora+svdecode", steered) })
        {
            Assert.NotNull(benchmark.Groups);
            foreach (var (group, metrics) in benchmark.Groups!)
            {
                var acc = lines.Where(l => l["cell"]!.GetValue<string>() == cell && l["group"]!.GetValue<string>() == group)
                    .Select(l => l["metrics"]!["acc"]!.GetValue<double>()).ToList();
                Assert.Equal(acc.Average(), metrics.Single(m => m.Name == "acc").Value, 1e-12);
                Assert.Equal(acc.Count, metrics.Single(m => m.Name == "acc").N);
            }
        }
        Assert.Contains("### jsonl by group", File.ReadAllText(Path.Combine(Output, MarkdownReportExporter.FileName)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GenerationReportsItsItems()
    {
        var (results, progress) = await RunAsync(WritePipeline(), "scoring.mode=generate");

        var tests = (long)results.Cells[0].Benchmarks.Single().Diagnostics["items_test"];
        foreach (var cell in new[] { "lora", "lora+svdecode" })
        {
            var score = Assert.Single(progress.Steps, s => s.Label == $"score (generation) [{cell} / jsonl]");
            Assert.Equal((tests, tests, true), (score.Total, score.Done, score.Finished));
        }
        var line = JsonNode.Parse(File.ReadLines(Path.Combine(Output, ItemLogExporter.OutputsFileName)).First())!;
        Assert.Equal("generate", line["scoring"]!.GetValue<string>());
        Assert.NotNull(line["generated"]);
    }

    private static double[] Doubles(JsonNode array) => [.. array.AsArray().Select(v => v!.GetValue<double>())];
}

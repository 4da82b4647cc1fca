using Microsoft.Extensions.DependencyInjection;
using SvDecode.Eval.Benchmarks;
using SvDecode.Eval.Engine;
using SvDecode.Eval.Hosting;
using SvDecode.Eval.Results;
using SvDecode.Eval.Tests.Engine;
using SvDecode.Eval.Tests.Models;
using SvDecode.Eval.Tests.Support;
using SvDecode.Eval.Tokenization;
using Xunit;

namespace SvDecode.Eval.Tests.Stages;

/// <summary>
/// Memory that scales with the work: a model with Qwen2's 151,936-token vocabulary (and a tiny body, so the head is
/// what dominates) runs the real pipeline — LoRA warm-start, strength (with the steering diagnostics), scoring with and without SVDecode —
/// once with 8 and once with 64 calibration items. No stage's peak may grow with the calibration split, and none may
/// hold full-vocabulary tensors for a whole batch: one batch of 8 items × ~40 positions × 151,936 float32 logits is
/// 195 MB per tensor, and steering it would need several.
/// </summary>
[Collection(ProcessMemoryCollection.Name)]
public sealed class StagePeakMemoryTests : IDisposable
{
    private const int Vocabulary = 151_936;
    private const long MiB = 1L << 20;

    private static readonly string[] Words =
        ["red", "blue", "green", "cat", "dog", "sun", "moon", "tree", "river", "stone", "cloud", "bird", "fish", "road", "house", "light"];

    private readonly TempDirectory _dir = new();
    private readonly TinyModelFolder _model;

    public StagePeakMemoryTests()
    {
        // Questions of ~25 tokens and answers of a few, so each calibration item has several answer positions.
        var lines = Enumerable.Range(0, 160).Select(i =>
        {
            var question = string.Join(' ', Enumerable.Range(0, 12).Select(k => Words[(i * 7 + k * 3) % Words.Length]));
            var choices = Enumerable.Range(0, 3).Select(c => $"\"the {Words[(i + 5 * c) % Words.Length]} {Words[(i + 3 * c + 1) % Words.Length]}\"");
            return $"{{\"question\": \"why does the {question}?\", \"choices\": [{string.Join(", ", choices)}], \"answer\": {i % 3}}}";
        }).ToList();
        _dir.File("items.jsonl", string.Join("\n", lines) + "\n");
        var trained = BpeTrainer.Train([.. lines, "Q: A:"], vocabSize: 400, specialTokens: ["<|endoftext|>"]);
        var config = TinyModelFolder.Qwen2Config
            .Replace("\"vocab_size\": 61", $"\"vocab_size\": {Vocabulary}, \"eos_token_id\": {trained.VocabSize - 1}", StringComparison.Ordinal)
            .Replace("\"num_hidden_layers\": 2", "\"num_hidden_layers\": 1", StringComparison.Ordinal);
        _model = new TinyModelFolder(config, seed: 3);
        trained.Save(_model.Directory);
    }

    public void Dispose()
    {
        _model.Dispose();
        _dir.Dispose();
    }

    private async Task<RunResults> RunAsync(string name, double calibrationFraction)
    {
        var pipeline = _dir.File($"{name}.yaml", $"""
            name: {name}
            seed: 5
            model:
              path: {_model.Directory}
            benchmarks:
              - name: jsonl
                data: items.jsonl
                split:
                  train_fraction: 0.5
                  calibration_fraction: {calibrationFraction}
            matrix:
              peft: [lora]
              steering: [off, on]
            warmstart:
              max_steps: 1
              lora:
                r: 2
                alpha: 4
                target_modules: [q_proj, v_proj]
            scoring:
              batch_size: 8
            """);
        using var services = TestRunHost.RealServices();
        var request = new RunRequest(TestRunHost.Load(pipeline), _dir.Combine(name), Limit: 8);
        var results = await PipelineRunner.RunAsync(request, services, CancellationToken.None);
        Assert.Equal(RunStatus.Complete, results.Status);
        return results;
    }

    [Fact]
    public async Task NoStagePeakGrowsWithTheCalibrationSplitOrHoldsABatchOfFullVocabularyLogits()
    {
        var few = await RunAsync("few", 0.1);   // 8 of 80 training items
        var many = await RunAsync("many", 0.8); // 64
        // Tensors reuse heap pages (NativeHeap), so a stage's peak over its start moves by ±30 MiB from run to run with
        // what the heap held when it began; the one-batch run is repeated and its larger growth taken, so that a low
        // reading there cannot pass for growth with the split.
        var fewAgain = await RunAsync("few-again", 0.1);

        Assert.Equal(8, Calibration(few));
        Assert.Equal(64, Calibration(many));
        var loaded = Assert.Single(many.ModelLoads);
        Assert.InRange(loaded.WeightBytes, Vocabulary * 32L * 4, Vocabulary * 32L * 4 + MiB); // the tied head is the bulk of the weights
        foreach (var stage in new[] { "strength", "score" })
        {
            // A stage's own growth (peak − resident at its start): the absolute peak also carries whatever the process
            // held before the stage, which in a long test process moves by tens of MiB between the two runs.
            var fewGrowth = Math.Max(Growth(few, stage), Growth(fewAgain, stage));
            var manyGrowth = Growth(many, stage);
            Assert.True(manyGrowth <= fewGrowth + 32 * MiB,
                $"{stage}: grew by {manyGrowth / MiB} MiB with 64 calibration items, {fewGrowth / MiB} MiB with 8: it grows with the split");
            Assert.True(manyGrowth <= 400 * MiB,
                $"{stage}: grew by {manyGrowth / MiB} MiB over its start: full-vocabulary tensors for a whole batch");
        }
        // Scoring keeps KV caches and the engine records them, within the stage's resident peak; training keeps none.
        foreach (var timing in many.Timings.Where(t => t.Stage == "score"))
        {
            Assert.InRange(timing.PeakKvCacheBytes!.Value, 1, timing.PeakResidentBytes!.Value);
        }
        Assert.All(many.Timings.Where(t => t.Stage == "warmstart" && !t.Reused), t => Assert.Equal(0, t.PeakKvCacheBytes));
    }

    private static int Calibration(RunResults results) =>
        (int)results.Cells.Single(c => c.Steering == "on").Benchmarks.Single().Diagnostics["items_calibration"];

    private static long Growth(RunResults results, string stage) =>
        results.Timings.Where(t => t.Stage == stage && t.PeakResidentBytes is not null)
            .Max(t => t.PeakResidentBytes!.Value - t.StartResidentBytes!.Value);
}

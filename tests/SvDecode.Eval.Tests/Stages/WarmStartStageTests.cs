using Microsoft.Extensions.DependencyInjection;
using SvDecode.Eval.Benchmarks;
using SvDecode.Eval.Engine;
using SvDecode.Eval.Hosting;
using SvDecode.Eval.Models;
using SvDecode.Eval.Peft;
using SvDecode.Eval.Pipeline;
using SvDecode.Eval.Results;
using SvDecode.Eval.Stages;
using SvDecode.Eval.Tests.Support;
using Xunit;

namespace SvDecode.Eval.Tests.Stages;

/// <summary>The warmstart stage through the real runner: one adapter per PEFT method, shared by steering on/off, reused on re-runs.</summary>
public sealed class WarmStartStageTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Output => _dir.Combine("run");

    private string WritePipeline()
    {
        _dir.File("items.jsonl", string.Concat(Enumerable.Range(0, 12).Select(i => $"{{\"question\": \"Is {i} even?\", \"choices\": [\"yes\", \"no\"], \"answer\": {i % 2}}}\n")));
        return _dir.File("warm.yaml", $"""
            name: warm
            seed: 3
            model:
              path: {ReferenceModelWithTokenizer.Directory}
            benchmarks:
              - name: jsonl
                data: items.jsonl
            matrix:
              peft: [lora, prompt_tuning]
              steering: [off, on]
            warmstart:
              max_steps: 3
              learning_rate: 0.01
              lora:
                r: 2
              prompt_tuning:
                num_virtual_tokens: 4
            """);
    }

    private async Task<RunResults> RunAsync(string pipeline)
    {
        var services = new ServiceCollection();
        services.AddSvDecodeHarness();
        services.AddSvDecodeBenchmarks();
        services.AddSingleton<IPipelineStage, AttachProbeStage>();
        using var provider = services.BuildServiceProvider();
        var document = PipelineLoader.Load(pipeline, [], TestPipelines.Catalog);
        return await PipelineRunner.RunAsync(new RunRequest(document, Output), provider, CancellationToken.None);
    }

    [Fact]
    public async Task TrainsOneAdapterPerMethodSavesItInThePeftFormatAndReusesIt()
    {
        var pipeline = WritePipeline();
        var results = await RunAsync(pipeline);

        Assert.Equal(RunStatus.Complete, results.Status);
        // Steering on/off share the adapter: 2 trained, 2 reused.
        Assert.Equal(2, results.Timings.Count(t => t.Stage == StageOutputs.Adapter.Stage && !t.Reused));
        Assert.Equal(2, results.Timings.Count(t => t.Stage == StageOutputs.Adapter.Stage && t.Reused));
        var lora = results.Cells.Single(c => c.Id == "lora").Benchmarks[0].Diagnostics;
        // r = 2 on q,k,v,o of ref-llama (hidden 64, kv 32), 2 layers: 2·(2·(64+64) + 2·2·(64+32) + 2·(64+64)) = 1792.
        Assert.Equal(1792, lora["trainable_params"]);
        Assert.Equal(4 * 64, results.Cells.Single(c => c.Id == "prompt_tuning").Benchmarks[0].Diagnostics["trainable_params"]);
        Assert.Equal(0, lora["truncated_items"]);
        Assert.True(lora["train_tokens"] > 0);
        Assert.True(double.IsFinite(lora["final_loss"]));
        Assert.Equal(1, lora["attached"]); // a later stage attached the artifact's adapter through WarmStartedAdapters

        var folders = Directory.GetDirectories(Path.Combine(Output, "artifacts", StageOutputs.Adapter.Stage));
        Assert.Equal(2, folders.Length);
        using var model = ModelLoader.Load(ReferenceModelWithTokenizer.Directory);
        foreach (var folder in folders)
        {
            using var adapter = PeftAdapters.Load(Path.Combine(folder, StageOutputs.Adapter.FileName), model);
            var log = File.ReadAllText(Path.Combine(folder, WarmStartStage.LogFileName));
            Assert.Contains("\"tokens_per_s\"", log, StringComparison.Ordinal);
            Assert.Equal(3, System.Text.Json.JsonDocument.Parse(log).RootElement.GetProperty("steps").GetArrayLength());
        }

        var again = await RunAsync(pipeline);
        Assert.All(again.Timings.Where(t => t.Stage == StageOutputs.Adapter.Stage), t => Assert.True(t.Reused));
    }

    /// <summary>A later stage as strength and score are: attach the cell's adapter, use it, detach.</summary>
    private sealed class AttachProbeStage(ModelProvider models, WarmStartedAdapters adapters) : IPipelineStage
    {
        public string Name => "test-attach";

        public string Description => "test: attaches the warm-start adapter";

        public int Order => 30;

        public int Version => 1;

        public IReadOnlyList<StageOutput> Reads => [StageOutputs.Adapter];

        public object Fingerprint(StageContext context) => new { context.Cell.Peft };

        public Task RunAsync(StageContext context, CancellationToken cancellationToken)
        {
            using var adapter = adapters.Attach(context, models.Get(context));
            Assert.Equal(context.Cell.Method, adapter.Method);
            context.Output!.SetDiagnostic("attached", 1);
            return Task.CompletedTask;
        }
    }
}

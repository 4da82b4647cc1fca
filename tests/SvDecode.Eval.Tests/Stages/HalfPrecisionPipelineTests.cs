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
/// The whole pipeline with the model in bfloat16 and in float16: warm-start, steering, strength and scoring by
/// log-likelihood, and generation (the paper's generate-then-parse scoring), with and without SVDecode, on the bundled
/// demo model. Steering maths stays float32, so nothing may come out non-finite.
/// </summary>
public sealed class HalfPrecisionPipelineTests
{
    [Theory]
    [InlineData("bfloat16", "loglikelihood")]
    [InlineData("bfloat16", "generate")]
    [InlineData("float16", "loglikelihood")]
    [InlineData("float16", "generate")]
    public async Task EveryStageRunsEndToEndInHalfPrecision(string dtype, string mode)
    {
        using var dir = new TempDirectory();
        var pipeline = Path.Combine(SharedFiles.RepositoryRoot, "pipelines", "quickstart.yaml");
        string[] overrides =
        [
            $"model.dtype={dtype}", $"scoring.mode={mode}", "matrix.peft=[lora,ia3]", "warmstart.max_steps=4", "decode.max_new_tokens=8",
            "benchmarks=[{name: jsonl, id: demo-commonsense, data: data/demo/demo-commonsense-test.jsonl, train_data: data/demo/demo-commonsense-train.jsonl, limit: 12}]",
        ];
        await using var services = TestRunHost.RealServices();
        var document = PipelineLoader.Load(pipeline, overrides, services.Catalog());
        var results = await PipelineRunner.RunAsync(new RunRequest(document, dir.Combine("run")), services, default);

        Assert.Equal(RunStatus.Complete, results.Status);
        Assert.Equal(["lora", "lora+svdecode", "ia3", "ia3+svdecode"], results.Cells.Select(c => c.Id));
        Assert.Equal(dtype, results.ModelLoads.Single().Dtype, ignoreCase: true);
        foreach (var cell in results.Cells)
        {
            var benchmark = cell.Benchmarks.Single();
            var accuracy = benchmark.Metrics.Single(m => m.Name == (mode == "generate" ? "gen_acc" : "acc"));
            Assert.Equal(12, accuracy.N);
            Assert.True(double.IsFinite(accuracy.Value), $"{cell.Id}: acc {accuracy.Value}");
            if (cell.Steering == "on")
            {
                Assert.True(double.IsFinite(benchmark.Diagnostics["mu_bar"]), $"{cell.Id}: mu-bar {benchmark.Diagnostics["mu_bar"]}");
                Assert.Equal(0, benchmark.Diagnostics["non_finite_delta"]);
                Assert.True(benchmark.Diagnostics["tokens_used"] > 0);
            }
        }
        Assert.Contains(results.Timings, t => t.Stage == "strength" && !t.Reused);
    }
}

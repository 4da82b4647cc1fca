using Microsoft.Extensions.DependencyInjection;
using SvDecode.Eval.Benchmarks;
using SvDecode.Eval.Engine;
using SvDecode.Eval.Hosting;
using SvDecode.Eval.Pipeline;
using SvDecode.Eval.Tests.Engine;
using SvDecode.Eval.Tests.Support;
using Xunit;

namespace SvDecode.Eval.Tests.Reliability;

/// <summary>The same pipeline and seed on the same machine give the same results.json, apart from timing fields.</summary>
public sealed class DeterminismTests
{
    [Fact]
    public async Task TwoFreshRunsOfARealPipelineGiveByteIdenticalResultsApartFromTimings()
    {
        using var dir = new TempDirectory();
        var pipeline = Path.Combine(SharedFiles.RepositoryRoot, "pipelines", "quickstart.yaml");
        string[] small = ["matrix.peft=[lora,prompt_tuning]", "benchmarks=[{name: jsonl, id: demo-commonsense, data: data/demo/demo-commonsense-test.jsonl, train_data: data/demo/demo-commonsense-train.jsonl, limit: 24}]", "warmstart.max_steps=6"];

        async Task<string> RunOnce(string output)
        {
            await using var services = TestRunHost.RealServices();
            var document = PipelineLoader.Load(pipeline, small, services.Catalog());
            await PipelineRunner.RunAsync(new RunRequest(document, output), services, default);
            return TestRunHost.Comparable(Path.Combine(output, "results.json"));
        }

        var first = await RunOnce(dir.Combine("a"));
        var second = await RunOnce(dir.Combine("b"));

        Assert.Contains("\"acc\"", first, StringComparison.Ordinal);
        Assert.Contains("\"mu_bar\"", first, StringComparison.Ordinal);
        Assert.Equal(first, second);
    }
}

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SvDecode.Eval.Benchmarks;
using SvDecode.Eval.Engine;
using SvDecode.Eval.Hosting;
using SvDecode.Eval.Pipeline;
using SvDecode.Eval.Results;
using SvDecode.Eval.Tests.Support;

namespace SvDecode.Eval.Tests.Engine;

/// <summary>
/// Builds the services of an engine test run: the harness (real dataset stage, exporters) with its model stages
/// (warmstart, strength, score) taken out, plus the fast test stages. Engine behaviour is tested on
/// cheap stages; the model stages have their own tests.
/// </summary>
public static class TestRunHost
{
    public static ServiceProvider Services(ExecutionLog log, TimeSpan? delay = null, Action<WorkUnit>? onScored = null, Action<IServiceCollection>? extra = null)
    {
        var services = new ServiceCollection();
        services.AddSvDecodeHarness();
        services.AddSvDecodeBenchmarks();
        services.RemoveAll<IPipelineStage>();
        services.AddSingleton<IPipelineStage, SvDecode.Eval.Stages.DatasetStage>();
        services.AddSingleton<IPipelineStage>(new FakeScoreStage(log, delay ?? TimeSpan.Zero, onScored));
        extra?.Invoke(services);
        return services.BuildServiceProvider();
    }

    /// <summary>The harness and benchmarks as the tool registers them (every real stage), plus any <paramref name="extra"/>.</summary>
    public static ServiceProvider RealServices(Action<IServiceCollection>? extra = null)
    {
        var services = new ServiceCollection().AddSvDecodeHarness().AddSvDecodeBenchmarks();
        extra?.Invoke(services);
        return services.BuildServiceProvider();
    }

    public static PipelineDocument Load(string pipelinePath, params string[] overrides) =>
        PipelineLoader.Load(pipelinePath, overrides, TestPipelines.Catalog);

    /// <summary>results.json without what legitimately differs between runs (times, durations, reuse flags).</summary>
    public static string Comparable(string resultsPath)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(resultsPath))!;
        var manifest = node["manifest"]!.AsObject();
        manifest.Remove("started_at");
        manifest.Remove("finished_at");
        foreach (var timing in node["timings"]!.AsArray())
        {
            timing!.AsObject().Remove("seconds");
            timing.AsObject().Remove("reused");
            timing.AsObject().Remove("peak_resident_bytes");
            timing.AsObject().Remove("peak_kv_cache_bytes");
            timing.AsObject().Remove("start_resident_bytes");
        }
        node.AsObject().Remove("model_loads"); // seconds and resident bytes; a resumed run may load nothing
        return node.ToJsonString();
    }

    public static RunResults ReadResults(string output) =>
        System.Text.Json.JsonSerializer.Deserialize<RunResults>(File.ReadAllText(Path.Combine(output, "results.json")), Json.Options)!;
}

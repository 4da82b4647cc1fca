using Microsoft.Extensions.DependencyInjection;
using SvDecode.Eval.Benchmarks.Commonsense;
using SvDecode.Eval.Benchmarks.Jsonl;
using SvDecode.Eval.Benchmarks.Mmlu;
using SvDecode.Eval.Benchmarks.Templates;
using SvDecode.Eval.Benchmarks.TruthfulQa;
using SvDecode.Eval.Data;

namespace SvDecode.Eval.Benchmarks;

/// <summary>Registers every benchmark adapter, the one place a new benchmark is added.</summary>
public static class BenchmarkServiceCollectionExtensions
{
    public static IServiceCollection AddSvDecodeBenchmarks(this IServiceCollection services)
    {
        services.AddSingleton<IBenchmark, TruthfulQaMcBenchmark>();
        services.AddSingleton<IBenchmark, TruthfulQaGenBenchmark>();
        services.AddSingleton<IBenchmark, BoolQBenchmark>();
        services.AddSingleton<IBenchmark>(NumberedChoiceSuites.Piqa);
        services.AddSingleton<IBenchmark>(NumberedChoiceSuites.Siqa);
        services.AddSingleton<IBenchmark, HellaSwagBenchmark>();
        services.AddSingleton<IBenchmark>(NumberedChoiceSuites.WinoGrande);
        services.AddSingleton<IBenchmark>(NumberedChoiceSuites.ArcEasy);
        services.AddSingleton<IBenchmark>(NumberedChoiceSuites.ArcChallenge);
        services.AddSingleton<IBenchmark>(NumberedChoiceSuites.OpenBookQa);
        services.AddSingleton<IBenchmark, MmluBenchmark>();
        services.AddSingleton<IBenchmark, JsonlBenchmark>();
        services.AddSingleton<IPromptTemplateSource, EmbeddedTemplateSource>();
        return services;
    }
}

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
        services.AddSingleton<IBenchmarkAdapter, TruthfulQaMcAdapter>();
        services.AddSingleton<IBenchmarkAdapter, TruthfulQaGenAdapter>();
        services.AddSingleton<IBenchmarkAdapter, BoolQAdapter>();
        services.AddSingleton<IBenchmarkAdapter>(NumberedChoiceSuites.Piqa);
        services.AddSingleton<IBenchmarkAdapter>(NumberedChoiceSuites.Siqa);
        services.AddSingleton<IBenchmarkAdapter, HellaSwagAdapter>();
        services.AddSingleton<IBenchmarkAdapter>(NumberedChoiceSuites.WinoGrande);
        services.AddSingleton<IBenchmarkAdapter>(NumberedChoiceSuites.ArcEasy);
        services.AddSingleton<IBenchmarkAdapter>(NumberedChoiceSuites.ArcChallenge);
        services.AddSingleton<IBenchmarkAdapter>(NumberedChoiceSuites.OpenBookQa);
        services.AddSingleton<IBenchmarkAdapter, MmluAdapter>();
        services.AddSingleton<IBenchmarkAdapter, JsonlAdapter>();
        services.AddSingleton<IPromptTemplateSource, EmbeddedTemplateSource>();
        return services;
    }
}

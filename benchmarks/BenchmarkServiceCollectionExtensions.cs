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
        services.AddSingleton<IBenchmarkAdapter, PiqaAdapter>();
        services.AddSingleton<IBenchmarkAdapter, SiqaAdapter>();
        services.AddSingleton<IBenchmarkAdapter, HellaSwagAdapter>();
        services.AddSingleton<IBenchmarkAdapter, WinoGrandeAdapter>();
        services.AddSingleton<IBenchmarkAdapter, ArcEasyAdapter>();
        services.AddSingleton<IBenchmarkAdapter, ArcChallengeAdapter>();
        services.AddSingleton<IBenchmarkAdapter, OpenBookQaAdapter>();
        services.AddSingleton<IBenchmarkAdapter, MmluAdapter>();
        services.AddSingleton<IBenchmarkAdapter, JsonlAdapter>();
        services.AddSingleton<IPromptTemplateSource, EmbeddedTemplateSource>();
        return services;
    }
}

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SvDecode.Eval.Data;
using SvDecode.Eval.Engine;
using SvDecode.Eval.Pipeline;
using SvDecode.Eval.Progress;
using SvDecode.Eval.Results;
using SvDecode.Eval.Sharding;
using SvDecode.Eval.Stages;

namespace SvDecode.Eval.Hosting;

public static class HarnessServiceCollectionExtensions
{
    /// <summary>The harness's stages and exporters. Benchmarks are added by the benchmarks assembly.</summary>
    public static IServiceCollection AddSvDecodeHarness(this IServiceCollection services)
    {
        services.TryAddSingleton<ModelProvider>();
        services.TryAddSingleton<JudgeModelProvider>();
        services.TryAddSingleton<IAdapterLoader, PeftAdapterLoader>();
        services.TryAddSingleton<WarmStartedAdapters>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPipelineStage, DatasetStage>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPipelineStage, WarmStartStage>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPipelineStage, StrengthStage>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPipelineStage, ScoreStage>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IResultsExporter, JsonResultsExporter>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IResultsExporter, MarkdownReportExporter>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IResultsExporter, CsvResultsExporter>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IResultsExporter, ItemLogExporter>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IResultsExporter, PlotExporter>());
        services.TryAddSingleton<ShardMerger>();
        return services;
    }

    /// <summary>A run of one pipeline as the host's single hosted service; progress is logged unless the host
    /// registered its own <see cref="IProgressDisplay"/> first.</summary>
    public static IServiceCollection AddPipelineRun(this IServiceCollection services, RunRequest request)
    {
        services.AddSingleton(request);
        services.TryAddSingleton<IProgressDisplay, LogProgressDisplay>();
        services.AddSingleton<RunOutcome>();
        services.AddHostedService<PipelineHostedService>();
        return services;
    }

    /// <summary>The names a pipeline may use, from what is registered.</summary>
    public static PipelineCatalog Catalog(this IServiceProvider services)
    {
        var benchmarks = services.GetServices<IBenchmark>().ToList();
        var templates = services.GetService<IPromptTemplateSource>();
        return new([.. benchmarks.Select(b => b.Name)], JudgeTemplateNames(templates),
            benchmarks.ToDictionary(b => b.Name, b => b.TemplateSchema, StringComparer.Ordinal), templates);
    }

    /// <summary>Built-in templates that can be judge prompts (they have the "no" continuation section).</summary>
    private static IReadOnlyCollection<string>? JudgeTemplateNames(IPromptTemplateSource? templates) =>
        templates?.Names.Where(n => templates.Get(n).HasSection(Judging.JudgePrompt.NegativeSection)).ToList();
}

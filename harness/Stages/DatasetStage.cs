using Microsoft.Extensions.Logging;
using SvDecode.Eval.Data;
using SvDecode.Eval.Engine;
using SvDecode.Eval.Pipeline;
using SvDecode.Eval.Tokenization.Chat;

namespace SvDecode.Eval.Stages;

/// <summary>
/// Loads a benchmark through its adapter with its template, splits it (seeded: warm-start train, calibration, test),
/// applies the item limit, then the prompt format (few-shot examples, chat template). Its key depends on the
/// benchmark's files and settings (and the model's chat template when used) only, so every cell shares one artifact.
/// </summary>
public sealed class DatasetStage(IEnumerable<IBenchmark> benchmarks, IPromptTemplateSource? templates = null) : IPipelineStage
{
    private readonly IReadOnlyList<IBenchmark> _benchmarks = [.. benchmarks];

    public string Name => StageOutputs.Dataset.Stage;

    public string Description => "Loads the benchmark's files, splits them (train / calibration / test, seeded) and applies the limit.";

    public int Order => 10;

    public int Version => 2; // 2: items carry the raw question (judge prompts)

    public IReadOnlyList<StageOutput> Reads => [];

    public object Fingerprint(StageContext context)
    {
        var benchmark = context.Benchmark;
        return new
        {
            benchmark.Name,
            benchmark.Id,
            Files = InputPaths(context).Select(p => new { p.Field, Sha256 = HashPath(context, p.Path) }).ToList(),
            benchmark.SkipBadRows,
            Split = Options(context),
            Limit = EffectiveLimit(context),
            Prompt = new
            {
                Template = TemplateIdentity(context),
                benchmark.NumFewshot,
                Sampler = benchmark.FewshotSampler.ToString(),
                Chat = benchmark.ChatTemplate ? LoadChatTemplate(context).Sha256 : null,
            },
        };
    }

    public Task RunAsync(StageContext context, CancellationToken cancellationToken)
    {
        var benchmark = context.Benchmark;
        var adapter = Adapter(context);
        string? Resolve(string? path) => path is null ? null : context.Document.Resolve(path);
        var template = ResolveTemplate(context, adapter);
        var request = new BenchmarkLoadRequest(Resolve(benchmark.Data)!, Resolve(benchmark.TrainData), Resolve(benchmark.Passages), benchmark.SkipBadRows, Resolve(benchmark.McTask), template);
        var data = adapter.Load(request, cancellationToken);
        var options = Options(context);
        var plan = BenchmarkSplitter.Plan(data, options);
        var limit = EffectiveLimit(context);
        var limited = limit is { } n ? plan.Test.Take(n).ToList() : plan.Test;
        var chat = benchmark.ChatTemplate ? LoadChatTemplate(context) : null;
        var fewShot = new FewShotOptions(benchmark.NumFewshot, options.Seed, benchmark.FewshotSampler, Field(context, "num_fewshot"));
        var (train, calibration, test) = new PromptFormat(fewShot, chat).Apply(plan.Train, plan.Calibration, limited);
        var prompt = new PromptManifest(data.Template, template?.Source ?? "built-in", benchmark.NumFewshot, SpecBinder.SnakeCase(benchmark.FewshotSampler.ToString()), options.Seed, chat?.Path, chat?.Sha256);
        var artifact = new DatasetArtifact(data.Benchmark, data.Template, plan.Manifest, limit, train, calibration, test, data.SkippedRows, data.Files, prompt);
        context.Output!.WriteJson(StageOutputs.Dataset.FileName, artifact);
        context.Output.SetDiagnostic("prompt_num_fewshot", benchmark.NumFewshot);
        context.Output.SetDiagnostic("prompt_chat_template", chat is null ? 0 : 1);
        context.Output.SetDiagnostic("prompt_template_version", data.Template.Version);
        context.Output.SetDiagnostic("items_train", plan.Train.Count);
        context.Output.SetDiagnostic("items_calibration", plan.Calibration.Count);
        context.Output.SetDiagnostic("items_test", test.Count);
        context.Output.SetDiagnostic("rows_skipped", data.SkippedRowCount);
        context.Logger.LogInformation("{Benchmark}: {Train} train, {Calibration} calibration, {Test} test items ({Template}); {Skipped} bad rows skipped",
            benchmark.Id, plan.Train.Count, plan.Calibration.Count, test.Count, data.Template, data.SkippedRowCount);
        return Task.CompletedTask;
    }

    private IBenchmark Adapter(StageContext context) =>
        _benchmarks.FirstOrDefault(a => a.Name == context.Benchmark.Name)
            ?? throw new InputException($"benchmark '{context.Benchmark.Name}' is not registered");

    private PromptTemplate? ResolveTemplate(StageContext context, IBenchmark adapter) =>
        BenchmarkTemplates.Resolve(context.Benchmark.Template, adapter, context.Document.Resolve, templates, Field(context, "template"));

    /// <summary>The template in the key: name@version, plus the file's SHA-256 for a .tmpl file (an edited file
    /// without a version bump still recomputes); the benchmark's own template is in the stage version.</summary>
    private object? TemplateIdentity(StageContext context)
    {
        if (context.Benchmark.Template is not { } value)
        {
            return null;
        }
        var template = ResolveTemplate(context, Adapter(context))!;
        return PromptTemplate.IsTemplateFile(value)
            ? $"{template.Info}#{context.HashFile(context.Document.Resolve(value), "template")}"
            : template.Info.ToString();
    }

    private static ChatTemplate LoadChatTemplate(StageContext context)
    {
        try
        {
            return ChatTemplate.Load(context.Document.Resolve(context.Spec.Model.Path));
        }
        catch (InputException ex)
        {
            throw new InputException($"{Field(context, "chat_template")}: {ex.Message}", ex);
        }
    }

    /// <summary>A benchmark setting as errors name it: "pipeline.yaml:14:5: benchmarks[0].num_fewshot".</summary>
    private static string Field(StageContext context, string field)
    {
        var index = context.Spec.Benchmarks.ToList().FindIndex(b => ReferenceEquals(b, context.Benchmark) || b.Id == context.Benchmark.Id);
        var path = $"benchmarks[{Math.Max(index, 0)}].{field}";
        return $"{context.Document.Locations.Of(path)}: {path}";
    }

    private static SplitOptions Options(StageContext context)
    {
        var split = context.Benchmark.Split;
        return new SplitOptions
        {
            Seed = split.Seed ?? context.Spec.Seed,
            TrainFraction = split.TrainFraction,
            CalibrationFraction = split.CalibrationFraction,
            UseProvidedTrain = split.UseProvidedTrain,
        };
    }

    private static int? EffectiveLimit(StageContext context) => context.Session.Limit ?? context.Benchmark.Limit;

    private static IEnumerable<(string Field, string Path)> InputPaths(StageContext context)
    {
        var b = context.Benchmark;
        foreach (var (field, path) in new[] { ("data", b.Data), ("train_data", b.TrainData), ("passages", b.Passages), ("mc_task", b.McTask) })
        {
            if (path is not null)
            {
                yield return (field, context.Document.Resolve(path));
            }
        }
    }

    /// <summary>A file's hash, or for a folder the hash of its files' names and hashes (MMLU is a folder of CSVs).</summary>
    private static string HashPath(StageContext context, string path)
    {
        if (!Directory.Exists(path))
        {
            return context.HashFile(path, "data");
        }
        var parts = Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(f => $"{Path.GetRelativePath(path, f)}={context.HashFile(f, "data")}");
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(string.Join("\n", parts))));
    }
}

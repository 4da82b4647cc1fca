using Microsoft.Extensions.Logging;
using SvDecode.Eval.Data;
using SvDecode.Eval.Engine;

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

    public string Description => "Loads the benchmark's files, splits them (train / calibration / test, seeded), applies the limit and the prompt format (template, few-shot, chat).";

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
            Split = DatasetInputs.SplitOptionsFor(benchmark, context.Document),
            Limit = EffectiveLimit(context),
            Prompt = new
            {
                Template = TemplateIdentity(context),
                benchmark.NumFewshot,
                Sampler = benchmark.FewshotSampler.ToString(),
                Chat = benchmark.ChatTemplate ? DatasetInputs.LoadChatTemplate(benchmark, context.Document).Sha256 : null,
            },
        };
    }

    public Task RunAsync(StageContext context, CancellationToken cancellationToken)
    {
        var benchmark = context.Benchmark;
        var inputs = DatasetInputs.For(Adapter(context), benchmark, context.Document, templates);
        var limit = EffectiveLimit(context);
        var prepared = PreparedBenchmark.Load(Adapter(context), inputs.Request, inputs.Split, limit, inputs.Format, cancellationToken);
        var data = prepared.Data;
        var artifact = new DatasetArtifact(data.Benchmark, data.Template, prepared.Plan.Manifest, limit, prepared.Train, prepared.Calibration, prepared.Test,
            data.SkippedRows, data.Files, inputs.Manifest(data));
        context.Output!.WriteJson(StageOutputs.Dataset.FileName, artifact);
        context.Output.SetDiagnostic("items_train", prepared.Train.Count);
        context.Output.SetDiagnostic("items_calibration", prepared.Calibration.Count);
        context.Output.SetDiagnostic("items_test", prepared.Test.Count);
        context.Output.SetDiagnostic("rows_skipped", data.SkippedRowCount);
        context.Output.SetDiagnostic("prompt_num_fewshot", benchmark.NumFewshot);
        context.Output.SetDiagnostic("prompt_chat_template", inputs.Format.Chat is null ? 0 : 1);
        context.Output.SetDiagnostic("prompt_template_version", data.Template.Version);
        context.Logger.LogInformation("{Benchmark}: {Train} train, {Calibration} calibration, {Test} test items ({Template}, {Shots}-shot{Chat}); {Skipped} bad rows skipped",
            benchmark.Id, prepared.Train.Count, prepared.Calibration.Count, prepared.Test.Count, data.Template, benchmark.NumFewshot,
            inputs.Format.Chat is null ? "" : ", chat template", data.SkippedRowCount);
        return Task.CompletedTask;
    }

    private IBenchmark Adapter(StageContext context) =>
        _benchmarks.FirstOrDefault(a => a.Name == context.Benchmark.Name)
            ?? throw new InputException($"benchmark '{context.Benchmark.Name}' is not registered");

    /// <summary>The template in the key: name@version, plus the file's SHA-256 for a .tmpl file (an edited file
    /// without a version bump still recomputes); null for the benchmark's own template (its version is in the items).</summary>
    private string? TemplateIdentity(StageContext context)
    {
        if (context.Benchmark.Template is not { } value)
        {
            return null;
        }
        var template = DatasetInputs.ResolveTemplate(Adapter(context), context.Benchmark, context.Document, templates)!;
        return PromptTemplate.IsTemplateFile(value)
            ? $"{template.Info}#{context.HashFile(context.Document.Resolve(value), "template")}"
            : template.Info.ToString();
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

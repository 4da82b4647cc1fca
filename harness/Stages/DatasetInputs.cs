using SvDecode.Eval.Data;
using SvDecode.Eval.Pipeline;
using SvDecode.Eval.Pipeline.Spec;
using SvDecode.Eval.Tokenization.Chat;

namespace SvDecode.Eval.Stages;

/// <summary>
/// What the dataset stage loads for one benchmark entry of a pipeline: the load request (paths resolved against the
/// pipeline file, the template), the split options and the prompt format (few-shot, chat template). `inspect
/// --pipeline` builds the same, so it renders exactly what a run renders.
/// </summary>
public sealed record DatasetInputs(BenchmarkLoadRequest Request, SplitOptions Split, PromptFormat Format, PromptTemplate? Template)
{
    public static DatasetInputs For(IBenchmark adapter, BenchmarkSpec benchmark, PipelineDocument document, IPromptTemplateSource? templates)
    {
        string? Resolve(string? path) => path is null ? null : document.Resolve(path);
        var template = ResolveTemplate(adapter, benchmark, document, templates);
        var request = new BenchmarkLoadRequest(Resolve(benchmark.Data)!, Resolve(benchmark.TrainData), Resolve(benchmark.Passages), benchmark.SkipBadRows, Resolve(benchmark.McTask), template);
        var split = SplitOptionsFor(benchmark, document);
        var fewShot = new FewShotOptions(benchmark.NumFewshot, split.Seed, benchmark.FewshotSampler, Field(document, benchmark, "num_fewshot"));
        var chat = benchmark.ChatTemplate ? LoadChatTemplate(benchmark, document) : null;
        return new DatasetInputs(request, split, new PromptFormat(fewShot, chat), template);
    }

    /// <summary>The prompt part of the dataset artifact: template and its source, few-shot settings, chat template.</summary>
    public PromptManifest Manifest(BenchmarkData data) => Format.Manifest(data.Template, Template?.Source ?? "built-in", Split.Seed);

    public static PromptTemplate? ResolveTemplate(IBenchmark adapter, BenchmarkSpec benchmark, PipelineDocument document, IPromptTemplateSource? templates) =>
        BenchmarkTemplates.Resolve(benchmark.Template, adapter, document.Resolve, templates, Field(document, benchmark, "template"));

    public static ChatTemplate LoadChatTemplate(BenchmarkSpec benchmark, PipelineDocument document)
    {
        try
        {
            return ChatTemplate.Load(document.Resolve(document.Spec.Model.Path));
        }
        catch (InputException ex)
        {
            throw new InputException($"{Field(document, benchmark, "chat_template")}: {ex.Message}", ex);
        }
    }

    public static SplitOptions SplitOptionsFor(BenchmarkSpec benchmark, PipelineDocument document) => new()
    {
        Seed = benchmark.Split.Seed ?? document.Spec.Seed,
        TrainFraction = benchmark.Split.TrainFraction,
        CalibrationFraction = benchmark.Split.CalibrationFraction,
        UseProvidedTrain = benchmark.Split.UseProvidedTrain,
    };

    /// <summary>A benchmark setting as errors name it: "pipeline.yaml:14:5: benchmarks[0].num_fewshot".</summary>
    private static string Field(PipelineDocument document, BenchmarkSpec benchmark, string field)
    {
        var index = document.Spec.Benchmarks.ToList().FindIndex(b => ReferenceEquals(b, benchmark) || b.Id == benchmark.Id);
        var path = $"benchmarks[{Math.Max(index, 0)}].{field}";
        return $"{document.Locations.Of(path)}: {path}";
    }
}

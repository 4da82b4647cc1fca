using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using SvDecode.Eval.Data;
using SvDecode.Eval.Hosting;
using SvDecode.Eval.Pipeline;
using SvDecode.Eval.Pipeline.Spec;
using SvDecode.Eval.Stages;
using SvDecode.Eval.Tokenization.Chat;

namespace SvDecode.Eval.Tool.Cli;

/// <summary>
/// `inspect`: how a benchmark reads its data and what prompts a run renders from it: items per split, the seeded split,
/// the prompt format (template, few-shot, chat template) and the first test prompts. With --pipeline the benchmark
/// entry of a pipeline file is rendered exactly as its dataset stage renders it.
/// </summary>
internal static class InspectCommand
{
    public static Command Create(CliConsole console)
    {
        var benchmark = new Argument<string>("benchmark") { Description = "A registered benchmark (svdecode-eval list benchmarks), or with --pipeline a benchmark id of that pipeline." };
        var data = new Option<string?>("--data") { Description = "The data file or folder (required without --pipeline).", HelpName = "path" };
        var trainData = new Option<string?>("--train-data") { Description = "A training file, for benchmarks that have one.", HelpName = "path" };
        var passages = new Option<string?>("--passages") { Description = "BoolQ passages file.", HelpName = "path" };
        var mcTask = new Option<string?>("--mc-task") { Description = "TruthfulQA mc_task.json when it is not beside the CSV.", HelpName = "path" };
        var template = new Option<string?>("--template") { Description = "A built-in template (svdecode-eval list templates) or a .tmpl file.", HelpName = "name|file" };
        var fewShot = new Option<int>("--num-fewshot") { Description = "Solved train-split examples before each test prompt.", DefaultValueFactory = _ => 0, HelpName = "k" };
        var sampler = new Option<string>("--fewshot-sampler") { Description = "How few-shot examples are drawn.", DefaultValueFactory = _ => "random", HelpName = "random|first_n" };
        sampler.AcceptOnlyFromAmong("random", "first_n");
        var chat = new Option<string?>("--chat-template") { Description = "Render prompts with the chat template of this model folder's tokenizer_config.json.", HelpName = "model-dir" };
        var seed = new Option<int>("--seed") { Description = "Seed of the split and the few-shot draw (a pipeline's default).", DefaultValueFactory = _ => PipelineSpec.DefaultSeed, HelpName = "n" };
        var pipeline = new Option<string?>("--pipeline") { Description = "Render a benchmark entry of this pipeline file as a run would (its data, split, template, few-shot and chat settings).", HelpName = "file" };
        var set = PipelineArguments.Set();
        var count = new Option<int>("--n") { Description = "How many rendered prompts to show.", DefaultValueFactory = _ => 3, HelpName = "n" };
        var command = new Command("inspect", "Show how a benchmark reads its data and the prompts a run renders: item counts, the split, the prompt format and the first test prompts.")
        {
            benchmark, data, trainData, passages, mcTask, template, fewShot, sampler, chat, seed, pipeline, set, count,
        };
        command.SetAction(parse =>
        {
            var n = Math.Max(0, parse.GetValue(count));
            if (parse.GetValue(pipeline) is { } file)
            {
                var document = PipelineArguments.LoadOrReport(file, parse.GetValue(set) ?? [], console);
                if (document is null)
                {
                    return ExitCodes.BadInput;
                }
                console.Out.Write(FromPipeline(document, parse.GetValue(benchmark)!, n).ToText());
                return ExitCodes.Success;
            }
            using var services = CliServices.Catalog();
            var adapter = Adapter(services, parse.GetValue(benchmark)!);
            static string? Full(string? path) => path is null ? null : Path.GetFullPath(path);
            var dataPath = parse.GetValue(data) ?? throw new InputException("inspect: give --data (the data file or folder), or --pipeline with a benchmark id.");
            var resolved = BenchmarkTemplates.Resolve(parse.GetValue(template), adapter, Path.GetFullPath, services.GetService<IPromptTemplateSource>(), "--template");
            var request = new BenchmarkLoadRequest(Full(dataPath)!, Full(parse.GetValue(trainData)), Full(parse.GetValue(passages)), false, Full(parse.GetValue(mcTask)), resolved);
            var defaults = new SplitSpec();
            var split = new SplitOptions
            {
                Seed = parse.GetValue(seed),
                TrainFraction = defaults.TrainFraction,
                CalibrationFraction = defaults.CalibrationFraction,
                UseProvidedTrain = defaults.UseProvidedTrain,
            };
            var sampling = parse.GetValue(sampler) == "first_n" ? FewShotSampling.FirstN : FewShotSampling.Random;
            var format = new PromptFormat(
                parse.GetValue(fewShot) is > 0 and var k ? new FewShotOptions(k, split.Seed, sampling, "--num-fewshot") : null,
                parse.GetValue(chat) is { } model ? ChatTemplate.Load(Path.GetFullPath(model)) : null);
            console.Out.Write(BenchmarkInspector.Inspect(adapter, request, n, split, format, CancellationToken.None).ToText());
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The pipeline's entry with that id, prepared by the dataset stage's own inputs.</summary>
    private static InspectResult FromPipeline(PipelineDocument document, string id, int n)
    {
        var entries = document.Spec.Benchmarks;
        var entry = entries.FirstOrDefault(b => b.Id == id)
            ?? throw new InputException($"{document.FilePath}: no benchmark with id '{id}'.{NameSuggester.DidYouMean(id, entries.Select(b => b.Id))} Ids: {string.Join(", ", entries.Select(b => b.Id))}.");
        using var services = CliServices.Catalog();
        var adapter = Adapter(services, entry.Name);
        var inputs = DatasetInputs.For(adapter, entry, document, services.GetService<IPromptTemplateSource>());
        return BenchmarkInspector.Inspect(adapter, inputs.Request, n, inputs.Split, inputs.Format, CancellationToken.None);
    }

    private static IBenchmark Adapter(IServiceProvider services, string name)
    {
        var adapters = services.GetServices<IBenchmark>().ToList();
        return adapters.FirstOrDefault(a => a.Name == name)
            ?? throw new InputException($"unknown benchmark '{name}'.{NameSuggester.DidYouMean(name, adapters.Select(a => a.Name))} Allowed values: {string.Join(", ", adapters.Select(a => a.Name).Order(StringComparer.Ordinal))}.");
    }
}

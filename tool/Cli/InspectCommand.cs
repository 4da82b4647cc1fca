using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using SvDecode.Eval.Data;
using SvDecode.Eval.Hosting;
using SvDecode.Eval.Pipeline;

namespace SvDecode.Eval.Tool.Cli;

/// <summary>`inspect`: how a benchmark adapter reads a data file: items per split and the first rendered prompts.</summary>
internal static class InspectCommand
{
    public static Command Create(CliConsole console)
    {
        var benchmark = new Argument<string>("benchmark") { Description = "A registered benchmark (svdecode-eval list benchmarks)." };
        var data = new Option<string>("--data") { Description = "The data file or folder.", HelpName = "path", Required = true };
        var trainData = new Option<string?>("--train-data") { Description = "A training file, for benchmarks that have one.", HelpName = "path" };
        var passages = new Option<string?>("--passages") { Description = "BoolQ passages file.", HelpName = "path" };
        var mcTask = new Option<string?>("--mc-task") { Description = "TruthfulQA mc_task.json when it is not beside the CSV.", HelpName = "path" };
        var count = new Option<int>("--n") { Description = "How many rendered prompts to show.", DefaultValueFactory = _ => 3, HelpName = "n" };
        var command = new Command("inspect", "Show how a benchmark reads its data: item count per split and the first rendered prompts.")
        {
            benchmark, data, trainData, passages, mcTask, count,
        };
        command.SetAction(parse =>
        {
            using var services = CliServices.Catalog();
            var adapters = services.GetServices<IBenchmark>().ToList();
            var name = parse.GetValue(benchmark)!;
            var adapter = adapters.FirstOrDefault(a => a.Name == name)
                ?? throw new InputException($"unknown benchmark '{name}'.{NameSuggester.DidYouMean(name, adapters.Select(a => a.Name))} Allowed values: {string.Join(", ", adapters.Select(a => a.Name).Order(StringComparer.Ordinal))}.");
            static string? Full(string? path) => path is null ? null : Path.GetFullPath(path);
            var request = new BenchmarkLoadRequest(Full(parse.GetValue(data))!, Full(parse.GetValue(trainData)), Full(parse.GetValue(passages)), false, Full(parse.GetValue(mcTask)));
            console.Out.Write(BenchmarkInspector.Inspect(adapter, request, Math.Max(0, parse.GetValue(count)), CancellationToken.None).ToText());
            return ExitCodes.Success;
        });
        return command;
    }
}

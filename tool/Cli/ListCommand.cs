using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using SvDecode.Eval.Data;
using SvDecode.Eval.Engine;
using SvDecode.Eval.Hosting;
using SvDecode.Eval.Pipeline;
using SvDecode.Eval.Pipeline.Spec;

namespace SvDecode.Eval.Tool.Cli;

internal static class ListCommand
{
    public static Command Create(CliConsole console)
    {
        var what = new Argument<string>("what") { Description = "What to list." };
        what.AcceptOnlyFromAmong("benchmarks", "peft", "metrics", "stages", "templates");
        var command = new Command("list", "List the registered benchmarks, PEFT methods, metrics, pipeline stages or prompt templates.") { what };
        command.SetAction(parse =>
        {
            using var services = CliServices.Catalog();
            var rows = parse.GetValue(what) switch
            {
                "benchmarks" => Benchmarks(services),
                "peft" => Peft(),
                "metrics" => Metrics(services),
                "templates" => Templates(services),
                _ => Stages(services),
            };
            var width = rows.Count == 0 ? 0 : rows.Max(r => r.Name.Length);
            foreach (var (name, description) in rows)
            {
                console.Out.WriteLine($"{name.PadRight(width)}  {description}");
            }
            return ExitCodes.Success;
        });
        return command;
    }

    private static List<(string Name, string Description)> Benchmarks(IServiceProvider services) =>
        [.. services.GetServices<IBenchmark>().OrderBy(b => b.Name, StringComparer.Ordinal)
            .Select(b => (b.Name, $"{b.Description} Reads: {string.Join("; ", b.Formats)}. Metrics: {string.Join(", ", b.Metrics)}."))];

    private static List<(string Name, string Description)> Peft()
    {
        var d = new WarmStartSettings();
        return
        [
            ("none", "The pre-trained model without an adapter: the baseline row of a matrix (scored without steering only)."),
            ("lora", $"LoRA: low-rank update of target projections (r {d.Lora.R}, alpha {d.Lora.Alpha}, dropout {d.Lora.Dropout}, targets {string.Join(",", d.Lora.TargetModules)}; rsLoRA optional)."),
            ("ia3", $"IA3: learned scaling vectors (targets {string.Join(",", d.Ia3.TargetModules)}; input-scaled feed-forward {string.Join(",", d.Ia3.FeedforwardModules)})."),
            ("prompt_tuning", $"Prompt Tuning: {d.PromptTuning.NumVirtualTokens} trained virtual token embeddings prepended to the input (random or text init)."),
            ("prefix_tuning", $"P-Tuning v2 (prefix tuning): {d.PrefixTuning.NumVirtualTokens} trained key/value prefixes in every layer (optional MLP reparameterisation, hidden {d.PrefixTuning.EncoderHiddenSize})."),
        ];
    }

    private static List<(string Name, string Description)> Metrics(IServiceProvider services) =>
        [.. services.GetServices<IBenchmark>().SelectMany(b => b.Metrics.Select(m => (Metric: m, Benchmark: b.Name)))
            .GroupBy(x => x.Metric).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, "reported by " + string.Join(", ", g.Select(x => x.Benchmark).Distinct())))];

    /// <summary>The built-in templates a benchmark's <c>template:</c> may name, with the benchmarks using each by default.</summary>
    private static List<(string Name, string Description)> Templates(IServiceProvider services)
    {
        var templates = services.GetRequiredService<IPromptTemplateSource>();
        var benchmarks = services.GetServices<IBenchmark>().ToList();
        return [.. templates.Names.Select(name =>
        {
            var template = templates.Get(name);
            var users = benchmarks.Where(b => b.TemplateSchema.DefaultTemplate == name).Select(b => b.Name).Order(StringComparer.Ordinal).ToList();
            return (name, $"v{template.Info.Version}: {template.Description}" + (users.Count > 0 ? $" Default of: {string.Join(", ", users)}." : ""));
        })];
    }

    private static List<(string Name, string Description)> Stages(IServiceProvider services) =>
        [.. services.GetServices<IPipelineStage>().OrderBy(s => s.Order).Select(s => (s.Name, s.Description)),
            ("report", "Writes results.json, report.md and the other exporters' files into the run directory (after every unit).")];
}

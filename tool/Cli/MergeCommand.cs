using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using SvDecode.Eval.Hosting;
using SvDecode.Eval.Results;
using SvDecode.Eval.Sharding;

namespace SvDecode.Eval.Tool.Cli;

/// <summary>`merge`: one run's shard folders into the results a single process would have written (docs/scale-out.md).</summary>
internal static class MergeCommand
{
    public static Command Create(CliConsole console)
    {
        var folders = new Argument<string[]>("dir")
        {
            Description = "Shard folders (<output>/shards/i-of-n), or the run directory that holds shards/.",
            Arity = ArgumentArity.OneOrMore,
        };
        var output = new Option<string?>("--out", "-o") { Description = "Where to write results.json and the reports (default: the run directory of shards/).", HelpName = "dir" };
        var command = new Command("merge",
            "Merge the shards of a run (run --shard i/n) into one results.json, report.md, CSV and plots; refuses shards of different " +
            "pipelines, seeds, inputs or tool versions and names missing ones.")
        {
            folders, output,
        };
        command.SetAction(parse =>
        {
            using var services = CliServices.Catalog();
            var (results, target, errors) = services.GetRequiredService<ShardMerger>().Merge(parse.GetValue(folders)!, parse.GetValue(output));
            console.Out.Write(MarkdownReportExporter.Render(results));
            foreach (var error in errors)
            {
                console.Error.WriteLine($"warning: {error}");
            }
            console.Error.WriteLine($"Merged {results.Manifest.Shards!.Count} shard(s): {Path.Combine(target, JsonResultsExporter.FileName)}");
            return ExitCodes.Success;
        });
        return command;
    }
}

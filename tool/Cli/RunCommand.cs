using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SvDecode.Eval.Engine;
using SvDecode.Eval.Hosting;
using SvDecode.Eval.Pipeline;
using SvDecode.Eval.Progress;
using SvDecode.Eval.Results;
using SvDecode.Eval.Sharding;

namespace SvDecode.Eval.Tool.Cli;

internal static class RunCommand
{
    public static Command Create(CliConsole console)
    {
        var pipeline = PipelineArguments.File();
        var output = new Option<string?>("--output", "-o") { Description = "Run directory (default: the pipeline's 'output', else runs/<name>).", HelpName = "dir" };
        var set = PipelineArguments.Set();
        var limit = new Option<int?>("--limit") { Description = "Evaluate at most n test items per benchmark (quick checks, CI).", HelpName = "n" };
        limit.Validators.Add(r =>
        {
            if (r.GetValue(limit) is < 1)
            {
                r.AddError("--limit must be at least 1.");
            }
        });
        var resume = new Option<bool>("--resume") { Description = "Continue an interrupted run in the same run directory (finished work is never redone; a plain re-run reuses it too)." };
        var logItems = new Option<bool>("--log-items") { Description = "Also write per-item scores and outputs beside results.json (item_scores.jsonl, items.jsonl)." };
        var shard = new Option<string?>("--shard")
        {
            Description = "Run only shard i of n (0-based) into <output>/shards/i-of-n/; combine with `merge`. Default: from SLURM_ARRAY_TASK_ID/COUNT, " +
                "or JOB_COMPLETION_INDEX with --shard-count; 'none' ignores them (docs/scale-out.md).",
            HelpName = "i/n",
        };
        var shardCount = new Option<int?>("--shard-count") { Description = "The shard count for a Kubernetes Indexed Job (its completions; the index is JOB_COMPLETION_INDEX).", HelpName = "n" };
        var verbose = PipelineArguments.Verbose();
        var command = new Command("run", "Run a pipeline: dataset, warm-start, strength, score (without and with SVDecode), report.")
        {
            pipeline, output, set, limit, resume, logItems, shard, shardCount, verbose,
        };
        command.SetAction(async (parse, _) =>
        {
            var document = PipelineArguments.LoadOrReport(parse.GetValue(pipeline)!, parse.GetValue(set) ?? [], console);
            if (document is null)
            {
                return ExitCodes.BadInput;
            }
            var sharding = ShardEnvironment.Resolve(parse.GetValue(shard), parse.GetValue(shardCount), ShardEnvironment.Process);
            if (sharding is { Source: var source } && parse.GetValue(shard) is null)
            {
                await console.Error.WriteLineAsync($"Sharded run: {source} (--shard none to run everything).");
            }
            var request = new RunRequest(document, parse.GetValue(output), parse.GetValue(limit), parse.GetValue(resume), parse.GetValue(logItems), sharding?.Shard);
            using var host = CliServices.BuildHost(services =>
            {
                if (SpectreProgressDisplay.IsInteractive)
                {
                    services.AddSingleton<IProgressDisplay, SpectreProgressDisplay>();
                }
                services.AddPipelineRun(request);
            }, parse.GetValue(verbose));
            // Not host.RunAsync(): it disposes the host, and with it the outcome we read below.
            await host.StartAsync(CancellationToken.None);
            await host.WaitForShutdownAsync(CancellationToken.None);
            var outcome = host.Services.GetRequiredService<RunOutcome>();
            if (outcome.Results is { } results)
            {
                if (outcome.ExitCode == ExitCodes.Success)
                {
                    await console.Out.WriteAsync(MarkdownReportExporter.Render(results));
                }
                await console.Error.WriteLineAsync($"Results: {Path.Combine(request.ResolvedOutputDirectory, JsonResultsExporter.FileName)}");
            }
            if (outcome.Error is { } error)
            {
                await console.Error.WriteLineAsync($"error: {error}");
            }
            return outcome.ExitCode;
        });
        return command;
    }
}

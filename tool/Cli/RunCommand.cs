using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SvDecode.Eval.Engine;
using SvDecode.Eval.Hosting;
using SvDecode.Eval.Pipeline;
using SvDecode.Eval.Results;

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
        var verbose = PipelineArguments.Verbose();
        var command = new Command("run", "Run a pipeline: dataset, warm-start, steering, strength, decode/score, report.")
        {
            pipeline, output, set, limit, resume, logItems, verbose,
        };
        command.SetAction(async (parse, _) =>
        {
            var document = PipelineArguments.LoadOrReport(parse.GetValue(pipeline)!, parse.GetValue(set) ?? [], console);
            if (document is null)
            {
                return ExitCodes.BadInput;
            }
            var request = new RunRequest(document, parse.GetValue(output), parse.GetValue(limit), parse.GetValue(resume), parse.GetValue(logItems));
            using var host = CliServices.BuildHost(services => services.AddPipelineRun(request), parse.GetValue(verbose));
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

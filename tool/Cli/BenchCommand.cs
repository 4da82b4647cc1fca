using System.CommandLine;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SvDecode.Eval.Hosting;
using SvDecode.Eval.Performance;

namespace SvDecode.Eval.Tool.Cli;

/// <summary>`bench`: performance figures on seeded random Llama-shaped models, optionally beside the PyTorch peer.</summary>
internal static class BenchCommand
{
    public static Command Create(CliConsole console)
    {
        var suite = new Option<string>("--suite") { Description = "full (issue 10's models and shapes, minutes) or smoke (a tiny model, seconds).", DefaultValueFactory = _ => "full" };
        var json = new Option<string?>("--json") { Description = "Also write the report (machine, commit, date, every figure with its unit) as JSON.", HelpName = "file" };
        var models = new Option<string?>("--models") { Description = "Where the random model folders are created or reused (default: <temp>/svdecode-bench-models).", HelpName = "dir" };
        var peer = new Option<string?>("--peer") { Description = "Run a peer on the same folders and shapes and report ratios to it: pytorch.", HelpName = "name" };
        var python = new Option<string>("--python") { Description = "The Python interpreter for the PyTorch peer.", DefaultValueFactory = _ => "/usr/bin/python3" };
        var only = new Option<string[]>("--model") { Description = "Measure only these of the suite's models (repeatable), e.g. llama-27m.", HelpName = "name" };
        var script = new Option<string?>("--peer-script") { Description = "The peer script (default: pytorch/bench.py beside the tool, or benchmarks/pytorch/bench.py above the current folder).", HelpName = "file" };
        var measure = new Option<string[]>("--measure") { Description = "Run only these measurements (repeatable): " + string.Join(", ", MeasurementNames) + ".", HelpName = "name" };
        var command = new Command("bench", "Measure prefill, decode and scoring speed, memory and the machine's ceilings on random Llama-shaped models.")
        {
            suite, json, models, only, measure, peer, python, script,
        };
        command.Validators.Add(r =>
        {
            if (r.GetValue(peer) is { } name && name != "pytorch")
            {
                r.AddError($"--peer: unknown peer '{name}'; supported: pytorch.");
            }
            foreach (var unknown in (r.GetValue(measure) ?? []).Where(m => !MeasurementNames.Contains(m)))
            {
                r.AddError($"--measure: unknown measurement '{unknown}'; one of {string.Join(", ", MeasurementNames)}.");
            }
        });
        command.SetAction((parse, cancellationToken) =>
        {
            var chosen = BenchSuite.Parse(parse.GetValue(suite)!).OnlyModels(parse.GetValue(only) ?? []);
            var root = Path.GetFullPath(parse.GetValue(models) ?? Path.Combine(Path.GetTempPath(), "svdecode-bench-models"));
            using var services = CliServices.Catalog();
            var wanted = parse.GetValue(measure) ?? [];
            var measurements = BenchRunner.DefaultMeasurements(
                    services.GetServices<ISteeredDecodeSubject>(), services.GetServices<IWarmStartSubject>())
                .Where(m => wanted.Length == 0 || wanted.Contains(m.Name))
                .ToList();
            var pytorch = parse.GetValue(peer) is null
                ? null
                : new PyTorchPeer(parse.GetValue(python)!, Path.GetFullPath(parse.GetValue(script) ?? FindPeerScript()), console.Error);
            var report = new BenchRunner(measurements, console.Error).Run(chosen, root, pytorch, cancellationToken);
            console.Out.Write(report.ToText());
            if (parse.GetValue(json) is { } path)
            {
                AtomicFile.WriteAllText(Path.GetFullPath(path), JsonSerializer.Serialize(report, Json.Options) + "\n");
            }
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    /// <summary>The names of <see cref="BenchRunner.DefaultMeasurements"/>, in their order.</summary>
    private static readonly string[] MeasurementNames = ["prefill", "decode", "scoring", "steered_decode", "warm_start"];

    private static string FindPeerScript()
    {
        var besideTool = Path.Combine(AppContext.BaseDirectory, "pytorch", "bench.py");
        if (File.Exists(besideTool))
        {
            return besideTool;
        }
        for (var directory = new DirectoryInfo(Directory.GetCurrentDirectory()); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "benchmarks", "pytorch", "bench.py");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new InputException("--peer pytorch: benchmarks/pytorch/bench.py not found beside the tool or above the current folder; pass --peer-script.");
    }
}

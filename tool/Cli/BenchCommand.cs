using System.CommandLine;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SvDecode.Eval.Hosting;
using SvDecode.Eval.Tool.Bench;

namespace SvDecode.Eval.Tool.Cli;

/// <summary>`bench`: performance figures on seeded random models (Llama-shaped, or a real checkpoint's shape), optionally beside the PyTorch peer.</summary>
internal static class BenchCommand
{
    public static Command Create(CliConsole console)
    {
        var suite = new Option<string>("--suite") { Description = "full (the 27M and 134M Llama-shaped models at the shapes docs/performance.md reports, minutes), smoke (a tiny model, seconds), paper (Qwen2.5-0.5B's shape in float32 and bfloat16: load, prefill, scoring with and without SVDecode and where its time goes, ~5-10 minutes) or paper-smoke (paper's measurements on a tiny Qwen2, seconds).", DefaultValueFactory = _ => "full" };
        var json = new Option<string?>("--json") { Description = "Also write the report (machine, commit, date, every figure with its unit) as JSON.", HelpName = "file" };
        var models = new Option<string?>("--models") { Description = "Where the random model folders are created or reused (default: <temp>/svdecode-bench-models).", HelpName = "dir" };
        var peer = new Option<string?>("--peer") { Description = "Run a peer on the same folders and shapes and report ratios to it: pytorch.", HelpName = "name" };
        var python = new Option<string>("--python") { Description = "The Python interpreter for the PyTorch peer.", DefaultValueFactory = _ => "/usr/bin/python3" };
        var only = new Option<string[]>("--model") { Description = "Measure only these of the suite's models (repeatable), e.g. llama-27m.", HelpName = "name" };
        var script = new Option<string?>("--peer-script") { Description = "The peer script (default: pytorch/bench.py beside the tool, or benchmarks/pytorch/bench.py above the current folder).", HelpName = "file" };
        var measure = new Option<string[]>("--measure") { Description = "Run only these of the suite's measurements (repeatable): " + string.Join(", ", MeasurementNames) + ".", HelpName = "name" };
        var makeFolder = new Option<string?>("--make-folder") { Description = "Instead of measuring, write a random-weight folder with a real checkpoint's exact config.json: " + string.Join(", ", PaperScaleModel.All.Select(m => m.Name)) + " (needs --out).", HelpName = "model" };
        var output = new Option<string?>("--out") { Description = "The folder --make-folder writes.", HelpName = "dir" };
        var dtype = new Option<string>("--dtype") { Description = "The weights' dtype for --make-folder: float32, bfloat16 or float16.", DefaultValueFactory = _ => "bfloat16" };
        var tokenizer = new Option<string?>("--tokenizer") { Description = "A folder whose tokenizer files --make-folder copies (tokenizer.json or vocab.json + merges.txt, tokenizer_config.json).", HelpName = "dir" };
        var command = new Command("bench", "Measure prefill, decode and scoring speed, memory and the machine's ceilings on random-weight models.")
        {
            suite, json, models, only, measure, peer, python, script, makeFolder, output, dtype, tokenizer,
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
            if (parse.GetValue(makeFolder) is { } name)
            {
                return Task.FromResult(MakeFolder(console, name, parse.GetValue(output), parse.GetValue(dtype)!, parse.GetValue(tokenizer)));
            }
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
            pytorch?.CheckReady();
            var report = new BenchRunner(measurements, console.Error).Run(chosen, root, pytorch, cancellationToken);
            console.Out.Write(report.ToText());
            if (parse.GetValue(json) is { } path)
            {
                AtomicFile.WriteAllText(Path.GetFullPath(path), JsonSerializer.Serialize(report, Json.Options) + "\n");
            }
            if (report.PeerFailure is { } failure)
            {
                console.Error.WriteLine($"error: the PyTorch peer failed ({failure}); our figures are reported without it.");
                return Task.FromResult(ExitCodes.RunFailed);
            }
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    private static int MakeFolder(CliConsole console, string name, string? output, string dtype, string? tokenizer)
    {
        var shape = PaperScaleModel.Named(name);
        if (output is null)
        {
            throw new InputException("--make-folder needs --out <dir>.");
        }
        if (tokenizer is not null && !Directory.Exists(tokenizer))
        {
            throw new InputException($"--tokenizer: folder '{tokenizer}' not found.");
        }
        var directory = PaperScaleFolder.Write(Path.GetFullPath(output), shape, Models.ModelLoadOptions.ParseDType(dtype, "--dtype"), tokenizer);
        console.Error.WriteLine($"wrote {shape.About} with random {dtype} weights to {directory}");
        return ExitCodes.Success;
    }

    /// <summary>The names of <see cref="BenchRunner.DefaultMeasurements"/>, in their order.</summary>
    private static readonly string[] MeasurementNames = ["prefill", "decode", "scoring", "steered_scoring", "steered_decode", "warm_start"];

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

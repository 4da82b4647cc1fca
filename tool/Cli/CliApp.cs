using System.CommandLine;
using System.CommandLine.Help;
using System.Reflection;
using SvDecode.Eval.Hosting;
using SvDecode.Eval.LibTorch;

namespace SvDecode.Eval.Tool.Cli;

/// <summary>The svdecode-eval command line: argument parsing and exit codes only; the work is in the harness.</summary>
public static class CliApp
{
    public const string CommandName = "svdecode-eval";

    public static Command Build(CliConsole console)
    {
        // A named command rather than RootCommand: help shows "svdecode-eval" whatever host runs it (dotnet, a test).
        var version = new Option<bool>("--version") { Description = "Show version information" };
        // Applied by InvokeAsync before any command runs (LibTorchLauncher); every command accepts them.
        var libtorch = new Option<string?>(LibTorchSetting.Option)
        {
            Description = $"Run with the LibTorch in this folder (e.g. a CUDA PyTorch's torch/lib) instead of the bundled CPU one; or set {LibTorchSetting.Variable} (docs/gpu.md).",
            HelpName = "dir",
            Recursive = true,
        };
        var libtorchVersion = new Option<string?>(LibTorchSetting.VersionOption)
        {
            Description = $"The --libtorch folder's LibTorch release, where it has no version file to read it from; or set {LibTorchSetting.VersionVariable}.",
            HelpName = "x.y.z",
            Recursive = true,
        };
        var root = new Command(CommandName,
            "Evaluate SVDecode (steering vector decoding, arXiv 2509.15888) against PEFT baselines " +
            "on Hugging Face checkpoints. Exit codes: 0 success, 1 the run failed, 2 bad input, 130 cancelled.")
        {
            new HelpOption(),
            version,
            libtorch,
            libtorchVersion,
        };
        root.SetAction(parse =>
        {
            if (parse.GetValue(version))
            {
                console.Out.WriteLine(ToolInfo.GitCommit is { } commit ? $"{ToolInfo.Version}+{commit}" : ToolInfo.Version);
                return ExitCodes.Success;
            }
            console.Error.WriteLine($"A command is required: {string.Join(", ", parse.CommandResult.Command.Subcommands.Select(c => c.Name))} ({CommandName} --help; start with `{CommandName} init my-study`).");
            return ExitCodes.BadInput;
        });
        root.Subcommands.Add(InitCommand.Create(console));
        root.Subcommands.Add(RunCommand.Create(console));
        root.Subcommands.Add(ValidateCommand.Create(console));
        root.Subcommands.Add(ListCommand.Create(console));
        root.Subcommands.Add(ProbeCommand.Create(console));
        root.Subcommands.Add(CompareCommand.Create(console));
        root.Subcommands.Add(CalibrateCommand.Create(console));
        root.Subcommands.Add(PretrainCommand.Create(console));
        root.Subcommands.Add(BenchCommand.Create(console));
        root.Subcommands.Add(InspectCommand.Create(console));
        root.Subcommands.Add(MergeCommand.Create(console));
        return root;
    }

    private static readonly MethodInfo EntryPoint = typeof(CliApp).GetMethod(nameof(InvokeAsync))!;

    public static async Task<int> InvokeAsync(string[] args, TextWriter output, TextWriter error)
    {
        var console = new CliConsole(output, error);
        var parse = Build(console).Parse(args);
        // The host handles Ctrl+C and SIGTERM (so stages see cancellation); System.CommandLine must not race it.
        var configuration = new InvocationConfiguration
        {
            Output = output,
            Error = error,
            ProcessTerminationTimeout = null,
            EnableDefaultExceptionHandler = false,
        };
        try
        {
            // A chosen LibTorch folder: the launcher loads it and calls this method again in a context whose TorchSharp
            // uses it (there IsActive is true). Help and usage errors never need LibTorch.
            if (!LibTorchLauncher.IsActive && parse.Errors.Count == 0 && parse.Action is not HelpAction
                && LibTorchSetting.Resolve(parse.GetValue<string?>(LibTorchSetting.Option), parse.GetValue<string?>(LibTorchSetting.VersionOption)) is { } libtorch)
            {
                return await LibTorchLauncher.RunAsync(libtorch, EntryPoint, args, output, error);
            }
            var code = await parse.InvokeAsync(configuration);
            return parse.Errors.Count > 0 ? ExitCodes.BadInput : code;
        }
        catch (InputException ex)
        {
            await error.WriteLineAsync($"error: {ex.Message}");
            return ExitCodes.BadInput;
        }
        catch (OperationCanceledException)
        {
            await error.WriteLineAsync("cancelled");
            return ExitCodes.Cancelled;
        }
        catch (Exception ex)
        {
            await error.WriteLineAsync($"error: {ex.GetType().Name}: {ex.Message}");
            await error.WriteLineAsync(ex.StackTrace);
            return ExitCodes.RunFailed;
        }
    }
}

/// <summary>Where commands write: stdout for results a script may read, stderr for everything meant for a person.</summary>
public sealed record CliConsole(TextWriter Out, TextWriter Error);

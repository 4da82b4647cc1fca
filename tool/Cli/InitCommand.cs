using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;
using SvDecode.Eval.Hosting;
using SvDecode.Eval.Tool.Starter;

namespace SvDecode.Eval.Tool.Cli;

/// <summary>`init`: write the quickstart study (pipeline, demo data, demo model) into a folder and print the command that runs it.</summary>
internal static partial class InitCommand
{
    public static Command Create(CliConsole console)
    {
        var folder = new Argument<string>("dir")
        {
            Description = "The study folder to write (created if missing).",
            DefaultValueFactory = _ => ".",
        };
        var force = new Option<bool>("--force") { Description = "Overwrite files init writes that exist already (other files are never touched)." };
        var command = new Command("init",
            $"Write the quickstart study into a folder: {StarterFolder.Pipeline}, its demo data and the bundled 1M-parameter demo model. " +
            "Prints the command that runs it on stdout.")
        {
            folder, force,
        };
        command.SetAction(parse =>
        {
            var dir = parse.GetValue(folder)!;
            var written = StarterFolder.Write(dir, parse.GetValue(force));
            var overwritten = written.Overwritten > 0 ? $" ({written.Overwritten} overwritten)" : "";
            console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Wrote the quickstart study to {written.Folder}: {written.Files} files, {written.Bytes / 1e6:0.0} MB{overwritten}. " +
                $"Its numbers describe a synthetic world (the demo model), not real models. Run it with:"));
            console.Out.WriteLine(RunCommandLine(dir));
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The one command that runs the written study, with its run directory inside the study folder.</summary>
    internal static string RunCommandLine(string folder)
    {
        var here = folder is "." or "./";
        var pipeline = here ? StarterFolder.Pipeline : Path.Join(folder, StarterFolder.Pipeline);
        var line = $"{CliApp.CommandName} run {Quote(pipeline)}";
        // In the current folder the pipeline's default run directory (runs/quickstart) is already inside the study.
        return here ? line : $"{line} --output {Quote(Path.Join(folder, StarterFolder.RunDirectory))}";
    }

    /// <summary>A POSIX-shell word: as it is when it has no special characters, else single-quoted.</summary>
    private static string Quote(string word) =>
        PlainWord().IsMatch(word) ? word : "'" + word.Replace("'", @"'\''", StringComparison.Ordinal) + "'";

    [GeneratedRegex(@"^[A-Za-z0-9_@%+=:,./-]+$")]
    private static partial Regex PlainWord();
}

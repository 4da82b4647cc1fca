using System.CommandLine;
using SvDecode.Eval.Hosting;
using SvDecode.Eval.Pipeline;

namespace SvDecode.Eval.Tool.Cli;

/// <summary>Arguments and options shared by the commands that read a pipeline file.</summary>
internal static class PipelineArguments
{
    public static Argument<string> File() => new("pipeline") { Description = "The pipeline file (.yaml)." };

    public static Option<string[]> Set() => new("--set")
    {
        Description = "Override a value by dotted path, validated like the file (repeatable): --set model.dtype=bfloat16 --set benchmarks.0.limit=50",
        HelpName = "key=value",
        AllowMultipleArgumentsPerToken = false,
    };

    public static Option<bool> Verbose() => new("--verbose", "-v") { Description = "Log every stage and decision (default: progress and warnings only)." };

    /// <summary>The validated pipeline, or null after printing every problem as file:line:col: message.</summary>
    public static PipelineDocument? LoadOrReport(string path, IReadOnlyList<string> overrides, CliConsole console)
    {
        using var services = CliServices.Catalog();
        var (document, diagnostics) = PipelineLoader.Validate(path, overrides, services.Catalog());
        foreach (var diagnostic in diagnostics)
        {
            console.Error.WriteLine(diagnostic.ToString());
        }
        if (document is null)
        {
            console.Error.WriteLine($"{path}: {diagnostics.Count} error(s); nothing was run.");
        }
        return document;
    }
}

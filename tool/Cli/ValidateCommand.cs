using System.CommandLine;
using SvDecode.Eval.Hosting;
using SvDecode.Eval.Pipeline;

namespace SvDecode.Eval.Tool.Cli;

internal static class ValidateCommand
{
    public static Command Create(CliConsole console)
    {
        var pipeline = PipelineArguments.File();
        var set = PipelineArguments.Set();
        var command = new Command("validate", "Check a pipeline file (every error, with file:line:col) without loading any model or data.")
        {
            pipeline, set,
        };
        command.SetAction(parse =>
        {
            var document = PipelineArguments.LoadOrReport(parse.GetValue(pipeline)!, parse.GetValue(set) ?? [], console);
            if (document is null)
            {
                return ExitCodes.BadInput;
            }
            var spec = document.Spec;
            var cells = MatrixCell.Expand(spec);
            console.Out.WriteLine($"{parse.GetValue(pipeline)}: valid. {cells.Count} cell(s) ({string.Join(", ", cells.Select(c => c.Id))}) x {spec.Benchmarks.Count} benchmark(s) ({string.Join(", ", spec.Benchmarks.Select(b => b.Id))}).");
            foreach (var note in MatrixNotes.Of(spec))
            {
                console.Out.WriteLine($"Note: {note}");
            }
            return ExitCodes.Success;
        });
        return command;
    }
}

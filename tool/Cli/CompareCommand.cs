using System.CommandLine;
using System.Text.Json;
using SvDecode.Eval.Comparison;
using SvDecode.Eval.Hosting;

namespace SvDecode.Eval.Tool.Cli;

/// <summary>`compare`: the regression gate between a baseline results.json and a current one (docs/nightly.md).</summary>
internal static class CompareCommand
{
    public static Command Create(CliConsole console)
    {
        var baseline = new Argument<string>("baseline") { Description = "The baseline results.json (item_scores.jsonl beside it enables paired tests)." };
        var current = new Argument<string>("current") { Description = "The current results.json." };
        var maxDrop = new Option<double>("--max-drop")
        {
            Description = "The largest tolerated significant drop, in points (percentage points for 0-1 metrics).",
            HelpName = "points",
            DefaultValueFactory = _ => new ComparisonOptions().MaxDropPoints,
        };
        var alpha = new Option<double>("--alpha") { Description = "Significance level of the tests.", DefaultValueFactory = _ => new ComparisonOptions().Alpha };
        var format = new Option<string>("--format") { Description = "md (for a CI job summary) or json.", DefaultValueFactory = _ => "md" };
        format.AcceptOnlyFromAmong("md", "json");
        var command = new Command("compare",
            "Compare two runs of one pipeline metric by metric. Exit codes: 0 no regression, 1 a significant drop beyond --max-drop " +
            "(or a missing metric, or an incomplete current run), 2 unreadable or mismatched inputs.")
        {
            baseline, current, maxDrop, alpha, format,
        };
        command.SetAction(parse =>
        {
            var options = new ComparisonOptions(parse.GetValue(maxDrop), parse.GetValue(alpha));
            // Checked here, not in a validator: validators do not see the options' default values.
            if (options.MaxDropPoints < 0 || !double.IsFinite(options.MaxDropPoints))
            {
                throw new InputException($"--max-drop: {options.MaxDropPoints} is not allowed; give 0 or more points");
            }
            if (!(options.Alpha > 0 && options.Alpha < 1))
            {
                throw new InputException($"--alpha: {options.Alpha} is not allowed; give a level between 0 and 1");
            }
            var report = ResultsComparer.Compare(
                ComparisonInput.Load(parse.GetValue(baseline)!), ComparisonInput.Load(parse.GetValue(current)!), options);
            console.Out.Write(parse.GetValue(format) == "json"
                ? JsonSerializer.Serialize(new { passed = report.Passed, report.Regressions, report.Missing, report }, Json.Options) + "\n"
                : ComparisonMarkdown.Render(report));
            return report.Passed ? ExitCodes.Success : ExitCodes.RunFailed;
        });
        return command;
    }
}

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
        // Named --significance, not --alpha: the pipeline's steering.alpha and LoRA's alpha mean other things. --alpha stays
        // an alias so gates written with it keep working.
        var significance = new Option<double>("--significance", "--alpha")
        {
            Description = "Significance level of the gate's tests: a drop fails only if its test is significant at this level (--alpha is an older name).",
            HelpName = "level",
            DefaultValueFactory = _ => new ComparisonOptions().Alpha,
        };
        var exact = new Option<bool>("--exact")
        {
            Description = "Also compare every per-item score (both runs need item_scores.jsonl) and fail with exit 3 on any change, " +
                          "for deterministic pipelines; the statistical verdict is still reported.",
        };
        var tolerance = new Option<double>("--exact-tolerance")
        {
            Description = "The largest per-item difference --exact ignores (default 0: the values as written).",
            HelpName = "value",
        };
        var allowMissing = new Option<bool>("--allow-missing-baseline")
        {
            Description = "First run only: when the baseline file does not exist, copy the current run there as the proposed baseline and exit 0.",
        };
        var format = new Option<string>("--format") { Description = "md (for a CI job summary) or json.", DefaultValueFactory = _ => "md" };
        format.AcceptOnlyFromAmong("md", "json");
        var command = new Command("compare",
            "Compare two runs of one pipeline metric by metric. Exit codes: 0 no regression, 1 a significant drop beyond --max-drop " +
            "(or a missing metric, or an incomplete current run), 2 unreadable or mismatched inputs or a missing baseline, " +
            "3 (--exact) per-item scores changed without a regression.")
        {
            baseline, current, maxDrop, significance, exact, tolerance, allowMissing, format,
        };
        command.SetAction(parse =>
        {
            var options = new ComparisonOptions(parse.GetValue(maxDrop), parse.GetValue(significance), Exact: parse.GetValue(exact), ExactTolerance: parse.GetValue(tolerance));
            // Checked here, not in a validator: validators do not see the options' default values.
            if (options.MaxDropPoints < 0 || !double.IsFinite(options.MaxDropPoints))
            {
                throw new InputException($"--max-drop: {options.MaxDropPoints} is not allowed; give 0 or more points");
            }
            if (!(options.Alpha > 0 && options.Alpha < 1))
            {
                throw new InputException($"--significance: {options.Alpha} is not allowed; give a level between 0 and 1");
            }
            if (options.ExactTolerance < 0 || !double.IsFinite(options.ExactTolerance))
            {
                throw new InputException($"--exact-tolerance: {options.ExactTolerance} is not allowed; give 0 or more");
            }
            var json = parse.GetValue(format) == "json";
            var baselinePath = parse.GetValue(baseline)!;
            var currentRun = ComparisonInput.Load(parse.GetValue(current)!);
            if (!File.Exists(baselinePath))
            {
                return NoBaseline(console, baselinePath, currentRun, parse.GetValue(allowMissing), options.Exact, json);
            }
            var report = ResultsComparer.Compare(ComparisonInput.Load(baselinePath), currentRun, options);
            console.Out.Write(json
                ? JsonSerializer.Serialize(new { passed = report.Passed, unchanged = report.Unchanged, report.Regressions, report.Missing, report }, Json.Options) + "\n"
                : ComparisonMarkdown.Render(report));
            return !report.Passed ? ExitCodes.RunFailed : report.Unchanged ? ExitCodes.Success : ExitCodes.ScoresChanged;
        });
        return command;
    }

    /// <summary>
    /// A missing baseline is an error (a gate that silently passes without one guards nothing), unless the caller says
    /// this is the first run: then the current run becomes the proposed baseline.
    /// </summary>
    private static int NoBaseline(CliConsole console, string baselinePath, ComparisonInput current, bool allowMissing, bool exact, bool json)
    {
        var full = Path.GetFullPath(baselinePath);
        if (!allowMissing)
        {
            throw new InputException(
                $"{full}: no baseline there. Commit one (docs/nightly.md, \"Updating the baseline\"), or on the very first run pass --allow-missing-baseline to record this run as the proposed baseline");
        }
        var written = BaselineRecorder.Record(current, full, exact);
        console.Out.Write(json
            ? JsonSerializer.Serialize(new { passed = true, baselineRecorded = written }, Json.Options) + "\n"
            : $"## svdecode-eval compare: {current.Results.Manifest.PipelineName}\n\n**FIRST RUN**: there was no baseline at `{full}` (--allow-missing-baseline), " +
              "so nothing was compared. The current run was recorded as the proposed baseline:\n\n" +
              string.Concat(written.Select(w => $"- `{w}`\n")) +
              "\nCommit these files in a pull request to start gating; until then every run without --allow-missing-baseline fails.\n");
        return ExitCodes.Success;
    }
}

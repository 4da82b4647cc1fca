using System.Globalization;
using System.Text;

namespace SvDecode.Eval.Comparison;

/// <summary>The --exact section of the Markdown summary: the verdict, then the first changed items.</summary>
public static class ExactComparisonMarkdown
{
    /// <summary>A job summary stays readable; --format json lists every change.</summary>
    public const int MaxRows = 50;

    public static void Append(StringBuilder sb, ExactComparison exact)
    {
        sb.Append("### Exact per-item comparison\n\n");
        var tolerance = exact.Tolerance == 0
            ? "values as written"
            : FormattableString.Invariant($"differences up to {exact.Tolerance:G3} ignored");
        if (exact.Unchanged)
        {
            sb.Append(CultureInfo.InvariantCulture, $"**UNCHANGED**: all {exact.ScoresCompared} per-item scores are the baseline's ({tolerance}).\n\n");
            return;
        }
        var changed = exact.Changes.Count(c => c.Kind == "changed");
        var cells = exact.Changes.Select(c => c.Cell).Distinct(StringComparer.Ordinal).ToList();
        sb.Append(FormattableString.Invariant(
            $"**CHANGED**: {changed} of {exact.ScoresCompared} per-item scores differ ({tolerance}), {exact.Changes.Count(c => c.Kind == "missing")} missing, ") +
            FormattableString.Invariant($"{exact.Changes.Count(c => c.Kind == "added")} added, in {cells.Count} cell(s): {string.Join(", ", cells)}. ") +
            "If the change is intended, update the committed baseline (docs/nightly.md, \"Updating the baseline\").\n\n");
        sb.Append("| benchmark | cell | metric | item | baseline | current | Δ |\n|---|---|---|---|---:|---:|---:|\n");
        foreach (var c in exact.Changes.Take(MaxRows))
        {
            sb.Append(CultureInfo.InvariantCulture,
                $"| {c.Benchmark} | {c.Cell} | {c.Metric} | {c.Item} | {Value(c.Baseline)} | {Value(c.Current)} | {Delta(c)} |\n");
        }
        if (exact.Changes.Count > MaxRows)
        {
            sb.Append(CultureInfo.InvariantCulture, $"\n… and {exact.Changes.Count - MaxRows} more (`--format json` lists every one).\n");
        }
        sb.Append('\n');
    }

    // Round-trip formatting: a change in the last bit must show.
    private static string Value(double? value) => value is { } v ? v.ToString("R", CultureInfo.InvariantCulture) : "—";

    private static string Delta(ItemChange c) => c is { Baseline: { } b, Current: { } a } ? (a - b).ToString("+0.###E+0;-0.###E+0;0", CultureInfo.InvariantCulture) : "—";
}

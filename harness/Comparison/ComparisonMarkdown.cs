using System.Globalization;
using System.Text;

namespace SvDecode.Eval.Comparison;

/// <summary>
/// The comparison as Markdown for a CI job summary ($GITHUB_STEP_SUMMARY, an Azure Pipelines summary): the verdict
/// first, then what failed, then every metric.
/// </summary>
public static class ComparisonMarkdown
{
    public static string Render(ComparisonReport report)
    {
        var sb = new StringBuilder();
        var o = report.Options;
        sb.Append(CultureInfo.InvariantCulture, $"## svdecode-eval compare: {report.Pipeline}\n\n");
        sb.Append(report.Passed
            ? "**PASSED**: no metric dropped significantly by more than the allowed amount.\n\n"
            : FormattableString.Invariant($"**FAILED**: {report.Regressions} regression(s), {report.Missing} missing metric(s){(report.Current.Status == "complete" ? "" : $", current run {report.Current.Status}")}.\n\n"));
        sb.Append(CultureInfo.InvariantCulture,
            $"Allowed drop {o.MaxDropPoints:0.###} point(s), α = {o.Alpha:0.###}. Baseline {Describe(report.Baseline)}; current {Describe(report.Current)}.\n\n");
        foreach (var note in report.Notes)
        {
            sb.Append("> ").Append(note).Append("\n\n");
        }
        if (report.Exact is { } exact)
        {
            ExactComparisonMarkdown.Append(sb, exact);
        }
        var failing = report.Metrics.Where(m => m.Verdict is MetricVerdict.Regression or MetricVerdict.Missing).ToList();
        if (failing.Count > 0)
        {
            sb.Append("### Failing\n\n");
            AppendTable(sb, failing);
            sb.Append('\n');
        }
        sb.Append("### All metrics\n\n");
        if (report.Metrics.Count == 0)
        {
            sb.Append("Neither run has metrics.\n");
        }
        else
        {
            AppendTable(sb, report.Metrics);
        }
        sb.Append("\nΔ is current − baseline in points (percentage points for 0–1 metrics). Tests: mcnemar (exact, same items, 0/1 values), " +
                  "paired_bootstrap (same items, 1 − α interval), z_test (from the two standard errors), none (no uncertainty known).\n");
        return sb.ToString();
    }

    private static string Describe(RunSummary run) =>
        FormattableString.Invariant($"{(run.GitCommit is { } commit ? $"`{(commit.Length > 12 ? commit[..12] : commit)}`" : "unknown commit")} ") +
        FormattableString.Invariant($"({run.Status}, finished {run.FinishedAt:yyyy-MM-dd HH:mm} UTC{(run.ItemScores ? ", per-item scores" : "")})");

    private static void AppendTable(StringBuilder sb, IEnumerable<MetricComparison> rows)
    {
        sb.Append("| benchmark | cell | metric | baseline | current | Δ points | test | p / CI | verdict |\n|---|---|---|---:|---:|---:|---|---|---|\n");
        foreach (var m in rows)
        {
            sb.Append(CultureInfo.InvariantCulture,
                $"| {m.Benchmark} | {m.Cell} | {m.Metric} | {Value(m.Baseline, m.BaselineStderr)} | {Value(m.Current, m.CurrentStderr)} | {Delta(m.DeltaPoints)} | {m.Test}{(m.PairedItems is { } n ? $" (n={n})" : "")} | {Evidence(m)} | {Verdict(m.Verdict)} |\n");
        }
    }

    private static string Value(double? value, double? stderr) => value is null
        ? "—"
        : stderr is { } se && double.IsFinite(se)
            ? FormattableString.Invariant($"{value:0.0000} ± {se:0.0000}")
            : FormattableString.Invariant($"{value:0.0000}");

    private static string Delta(double? points) => points is { } d ? FormattableString.Invariant($"{d:+0.00;-0.00;0.00}") : "—";

    private static string Evidence(MetricComparison m) => m switch
    {
        { PValue: { } p } => p < 0.0001 ? "p < 0.0001" : FormattableString.Invariant($"p = {p:0.0000}"),
        { CiLowPoints: { } low, CiHighPoints: { } high } => FormattableString.Invariant($"[{low:+0.00;-0.00;0.00}, {high:+0.00;-0.00;0.00}]"),
        _ => "—",
    };

    private static string Verdict(MetricVerdict verdict) => verdict switch
    {
        MetricVerdict.Regression => "❌ regression",
        MetricVerdict.Missing => "❌ missing",
        MetricVerdict.Improved => "✅ improved",
        MetricVerdict.WithinTolerance => "⚠️ within tolerance",
        MetricVerdict.WithinNoise => "within noise",
        MetricVerdict.Added => "new",
        _ => "unchanged",
    };
}

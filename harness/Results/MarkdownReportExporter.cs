using System.Globalization;
using System.Text;

namespace SvDecode.Eval.Results;

/// <summary>report.md: per benchmark, one row per cell with every metric as value ± standard error.</summary>
public sealed class MarkdownReportExporter : IResultsExporter
{
    public const string FileName = "report.md";

    public string Name => "markdown";

    public IReadOnlyList<string> Files => [FileName];

    public void Export(RunResults results, string outputDirectory) =>
        AtomicFile.WriteAllText(Path.Combine(outputDirectory, FileName), Render(results));

    public static string Render(RunResults results)
    {
        var m = results.Manifest;
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"# {m.PipelineName}\n\n");
        sb.Append(CultureInfo.InvariantCulture, $"Status: **{results.Status.ToString().ToLowerInvariant()}**");
        sb.Append(results.Error is null ? "\n\n" : $" — {results.Error}\n\n");
        sb.Append(CultureInfo.InvariantCulture, $"Pipeline `{Path.GetFileName(m.PipelineFile)}` (sha256 `{m.PipelineSha256[..12]}`), seed {m.Seed}");
        sb.Append(m.Limit is { } limit ? $", limit {limit}" : "");
        sb.Append(CultureInfo.InvariantCulture, $", svdecode-eval {m.ToolVersion}.\n\n");
        var benchmarks = results.Cells.SelectMany(c => c.Benchmarks.Select(b => b.Id)).Distinct().ToList();
        foreach (var benchmark in benchmarks)
        {
            AppendBenchmark(sb, results, benchmark);
        }
        if (benchmarks.Count == 0)
        {
            sb.Append("No cell finished.\n\n");
        }
        AppendPairedDeltas(sb, results);
        AppendTimings(sb, results);
        return sb.ToString();
    }

    private static void AppendBenchmark(StringBuilder sb, RunResults results, string benchmark)
    {
        var rows = results.Cells
            .Select(c => (Cell: c.Id, Result: c.Benchmarks.FirstOrDefault(b => b.Id == benchmark)))
            .Where(r => r.Result is not null)
            .ToList();
        var metrics = rows.SelectMany(r => r.Result!.Metrics.Select(x => x.Name)).Distinct().ToList();
        var diagnostics = rows.SelectMany(r => r.Result!.Diagnostics.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        sb.Append(CultureInfo.InvariantCulture, $"## {benchmark}\n\n");
        if (metrics.Count == 0 && diagnostics.Count == 0)
        {
            sb.Append("No metrics yet.\n\n");
            return;
        }
        var columns = metrics.Concat(diagnostics).ToList();
        sb.Append("| cell | ").Append(string.Join(" | ", columns)).Append(" |\n");
        sb.Append("|---|").Append(string.Concat(columns.Select(_ => "---:|"))).Append('\n');
        foreach (var (cell, result) in rows)
        {
            sb.Append(CultureInfo.InvariantCulture, $"| {cell} |");
            foreach (var name in metrics)
            {
                var metric = result!.Metrics.FirstOrDefault(x => x.Name == name);
                sb.Append(' ').Append(metric is null ? "—" : FormatMetric(metric)).Append(" |");
            }
            foreach (var name in diagnostics)
            {
                sb.Append(' ').Append(result!.Diagnostics.TryGetValue(name, out var v) ? v.ToString("G4", CultureInfo.InvariantCulture) : "—").Append(" |");
            }
            sb.Append('\n');
        }
        sb.Append('\n');
    }

    private static string FormatMetric(Engine.MetricValue metric)
    {
        var value = metric.Value.ToString("0.0000", CultureInfo.InvariantCulture);
        return metric.Stderr is { } se ? $"{value} ± {se.ToString("0.0000", CultureInfo.InvariantCulture)}" : value;
    }

    private static void AppendPairedDeltas(StringBuilder sb, RunResults results)
    {
        if (results.PairedDeltas.Count == 0)
        {
            return;
        }
        sb.Append("## Paired differences (steered − unsteered, same items)\n\n| benchmark | metric | cell | baseline | Δ | 95% CI | n |\n|---|---|---|---|---:|---|---:|\n");
        foreach (var d in results.PairedDeltas)
        {
            sb.Append(CultureInfo.InvariantCulture,
                $"| {d.Benchmark} | {d.Metric} | {d.Cell} | {d.Baseline} | {d.Delta:+0.0000;-0.0000;0.0000} | [{d.CiLow:0.0000}, {d.CiHigh:0.0000}] | {d.N} |\n");
        }
        sb.Append('\n');
    }

    private static void AppendTimings(StringBuilder sb, RunResults results)
    {
        if (results.Timings.Count == 0)
        {
            return;
        }
        sb.Append("## Timings\n\n| stage | runs | reused | seconds |\n|---|---:|---:|---:|\n");
        foreach (var group in results.Timings.GroupBy(t => t.Stage))
        {
            sb.Append(CultureInfo.InvariantCulture,
                $"| {group.Key} | {group.Count(t => !t.Reused)} | {group.Count(t => t.Reused)} | {group.Sum(t => t.Seconds):0.0} |\n");
        }
        sb.Append('\n');
    }
}

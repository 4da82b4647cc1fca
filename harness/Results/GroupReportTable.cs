using System.Globalization;
using System.Text;

namespace SvDecode.Eval.Results;

/// <summary>
/// report.md's per-group table of one benchmark: one row per item group (subject, category) and metric, one column per
/// cell (value ± standard error), and the group's item count. Written only when the benchmark's items carry groups.
/// </summary>
public static class GroupReportTable
{
    public static void Append(StringBuilder sb, RunResults results, string benchmark, Func<MetricValue?, string> format)
    {
        var cells = results.Cells
            .Select(c => (c.Id, Groups: c.Benchmarks.FirstOrDefault(b => b.Id == benchmark)?.Groups))
            .Where(c => c.Groups is not null)
            .ToList();
        if (cells.Count == 0)
        {
            return;
        }
        var groups = cells.SelectMany(c => c.Groups!.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var metrics = cells.SelectMany(c => c.Groups!.Values.SelectMany(v => v.Select(m => m.Name))).Distinct(StringComparer.Ordinal).ToList();
        sb.Append(CultureInfo.InvariantCulture, $"### {benchmark} by group\n\n");
        sb.Append("| group | metric | ").Append(string.Join(" | ", cells.Select(c => c.Id))).Append(" | n |\n");
        sb.Append("|---|---|").Append(string.Concat(cells.Select(_ => "---:|"))).Append("---:|\n");
        foreach (var group in groups)
        {
            foreach (var metric in metrics)
            {
                var values = cells.Select(c => c.Groups!.GetValueOrDefault(group)?.FirstOrDefault(m => m.Name == metric)).ToList();
                if (values.All(v => v is null))
                {
                    continue;
                }
                sb.Append(CultureInfo.InvariantCulture, $"| {group} | {metric} | ");
                sb.Append(string.Join(" | ", values.Select(format)));
                sb.Append(CultureInfo.InvariantCulture, $" | {values.First(v => v is not null)!.N} |\n");
            }
        }
        sb.Append('\n');
    }
}

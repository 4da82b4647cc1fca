using System.Text.Json;
using SvDecode.Eval.Metrics;
using SvDecode.Eval.Results;
using SvDecode.Eval.Tests.Results;
using SvDecode.Eval.Tests.Support;

namespace SvDecode.Eval.Tests.Comparison;

/// <summary>Builds baseline/current runs from <see cref="SampleResults"/> with chosen metric values, on disk.</summary>
public static class ComparisonTestRuns
{
    /// <summary>The sample results with one metric of one cell replaced.</summary>
    public static RunResults WithMetric(RunResults results, string cell, string benchmark, MetricValue metric) => results with
    {
        Cells = [.. results.Cells.Select(c => c.Id != cell ? c : c with
        {
            Benchmarks = [.. c.Benchmarks.Select(b => b.Id != benchmark ? b : b with
            {
                Metrics = [.. b.Metrics.Select(m => m.Name == metric.Name ? metric : m)],
            })],
        })],
    };

    public static RunResults WithoutCell(RunResults results, string cell) => results with { Cells = [.. results.Cells.Where(c => c.Id != cell)] };

    /// <summary>Writes results.json (and item_scores.jsonl when given) into a new folder; returns the results path.</summary>
    public static string Write(TempDirectory dir, string name, RunResults results, params UnitItemLog[] items)
    {
        var folder = dir.Combine(name);
        Directory.CreateDirectory(folder);
        new JsonResultsExporter().Export(results, folder);
        if (items.Length > 0)
        {
            File.WriteAllText(Path.Combine(folder, ItemScoreLog.FileName), ItemScoreLog.Render(items));
        }
        return Path.Combine(folder, JsonResultsExporter.FileName);
    }

    public static RunResults Read(string path) => JsonSerializer.Deserialize<RunResults>(File.ReadAllText(path), Json.Options)!;

    /// <summary>n items of a 0/1 metric, the first <paramref name="correct"/> right.</summary>
    public static UnitItemLog Binary(string cell, string benchmark, string metric, int n, int correct) =>
        new(cell, benchmark, [new ItemScores(metric, [.. Enumerable.Range(0, n).Select(i => $"q{i}")], [.. Enumerable.Range(0, n).Select(i => i < correct ? 1.0 : 0.0)])], null);
}

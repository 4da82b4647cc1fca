extern alias ScottPlotPackage;

using ScottPlotPackage::ScottPlot;

namespace SvDecode.Eval.Results.Plots;

/// <summary>
/// Metric against a swept decoding parameter (α, or a fixed μ): drawn only when the steered cells of one PEFT method
/// take two or more values of it. One line per PEFT method (and seed) and decoding method, error bars of ± one
/// standard error.
/// </summary>
public static class SweepChart
{
    private const int Width = 800;
    private const int Height = 500;

    public static readonly IReadOnlyList<string> Parameters = [CellParameters.Alpha, CellParameters.Mu];

    public static IEnumerable<PlotFile> Build(RunResults results)
    {
        var benchmarks = results.Cells.SelectMany(c => c.Benchmarks.Select(b => b.Id)).Distinct().ToList();
        foreach (var parameter in Parameters)
        {
            var swept = results.Cells
                .Where(c => c.Parameters.ContainsKey(parameter))
                .GroupBy(c => Line(c, parameter))
                .Where(g => g.Select(c => c.Parameters[parameter]).Distinct().Count() >= 2)
                .ToList();
            if (swept.Count == 0)
            {
                continue;
            }
            foreach (var benchmark in benchmarks)
            {
                var metrics = swept.SelectMany(g => g).SelectMany(c => c.Benchmarks.Where(b => b.Id == benchmark)).SelectMany(b => b.Metrics.Select(m => m.Name)).Distinct();
                foreach (var metric in metrics)
                {
                    yield return new PlotFile($"{PlotFile.Safe(benchmark)}.{PlotFile.Safe(metric)}.vs-{parameter}",
                        Draw(swept, benchmark, metric, parameter), Width, Height);
                }
            }
        }
    }

    private static Plot Draw(IReadOnlyList<IGrouping<string, CellResult>> swept, string benchmark, string metric, string parameter)
    {
        var plot = new Plot();
        var palette = new ScottPlotPackage::ScottPlot.Palettes.Category10();
        for (var i = 0; i < swept.Count; i++)
        {
            var points = swept[i]
                .Select(c => (X: c.Parameters[parameter], Value: c.Benchmarks.FirstOrDefault(b => b.Id == benchmark)?.Metrics.FirstOrDefault(m => m.Name == metric)))
                .Where(p => p.Value is not null && double.IsFinite(p.Value.Value))
                .OrderBy(p => p.X)
                .ToList();
            if (points.Count == 0)
            {
                continue;
            }
            double[] xs = [.. points.Select(p => p.X)];
            double[] ys = [.. points.Select(p => p.Value!.Value)];
            double[] errors = [.. points.Select(p => p.Value!.Stderr is { } se && double.IsFinite(se) ? se : 0)];
            var line = plot.Add.Scatter(xs, ys, palette.GetColor(i));
            line.LegendText = swept[i].Key;
            var bars = plot.Add.ErrorBar(xs, ys, errors);
            bars.Color = palette.GetColor(i);
        }
        plot.ShowLegend(Alignment.UpperRight);
        plot.XLabel(Symbol(parameter));
        plot.YLabel($"{metric} (± 1 s.e.)");
        PlotTitle.Set(plot, $"{benchmark}: {metric} against {Symbol(parameter)}", Width, Height);
        return plot;
    }

    /// <summary>One line per adapter (the PEFT method, and its seed with matrix.seeds) and decoding method (named
    /// unless it is SVDecode) and, against α, per way of choosing μ̄ or λ̄, against μ, per α (an α sweep crossed with a
    /// strength sweep gives one line per value of the other).</summary>
    private static string Line(CellResult cell, string parameter)
    {
        var line = cell.Parameters.TryGetValue(CellParameters.Seed, out var seed) ? FormattableString.Invariant($"{cell.Peft} seed {seed}") : cell.Peft;
        var svdecode = cell.Method == "svdecode";
        line += svdecode ? "" : $" {cell.Method}";
        if (parameter == CellParameters.Alpha && cell.Aggregate is { } aggregate)
        {
            line += cell.Parameters.TryGetValue(CellParameters.Mu, out var mu) ? FormattableString.Invariant($", μ {mu}") : $", {(svdecode ? "μ̄" : "λ̄")} {aggregate}";
        }
        if (parameter == CellParameters.Mu && cell.Parameters.TryGetValue(CellParameters.Alpha, out var alpha))
        {
            line += FormattableString.Invariant($", α {alpha}");
        }
        return line;
    }

    private static string Symbol(string parameter) => parameter switch
    {
        CellParameters.Alpha => "α (confidence mask threshold)",
        CellParameters.Mu => "μ (fixed steering strength)",
        _ => parameter,
    };
}

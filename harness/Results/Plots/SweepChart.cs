extern alias ScottPlotPackage;

using System.Globalization;
using ScottPlotPackage::ScottPlot;
using SvDecode.Eval.Pipeline;

namespace SvDecode.Eval.Results.Plots;

/// <summary>
/// Metric against a swept parameter (α, a fixed μ, or the warm-start budget in epochs): drawn only when the cells of
/// one line take two or more values of it. One line per PEFT method (and seed) and decoding method, error bars of ±
/// one standard error. Against μ, the μ̄ an aggregate cell of the same adapter solved is a vertical line, so the
/// distance from the solved μ̄ to the best μ reads off the figure; against epochs, the pre-trained model (peft: none)
/// is a horizontal line, the level the warm-start starts from. Sweeps spanning a decade or more are drawn on a
/// (symmetric) log scale (<see cref="SweepAxis"/>); the legend sits beside the data.
/// </summary>
public static class SweepChart
{
    private const int Width = 1000;
    private const int Height = 500;

    public static readonly IReadOnlyList<string> Parameters = [CellParameters.Alpha, CellParameters.Mu, CellParameters.Epochs];

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
                var axis = SweepAxis.For(swept.SelectMany(g => g).Select(c => c.Parameters[parameter]));
                foreach (var metric in metrics)
                {
                    var plot = Draw(swept, benchmark, metric, parameter, axis);
                    if (parameter == CellParameters.Mu)
                    {
                        MarkSolvedMuBar(plot, results, swept, benchmark, axis);
                    }
                    else if (parameter == CellParameters.Epochs)
                    {
                        MarkPretrained(plot, results, benchmark, metric);
                    }
                    // Last: its trial render lays out the legend panel, which must already hold the markers' entries.
                    PlotTitle.Set(plot, $"{benchmark}: {metric} against {Symbol(parameter)}", Width, Height);
                    yield return new PlotFile($"{PlotFile.Safe(benchmark)}.{PlotFile.Safe(metric)}.vs-{parameter}", plot, Width, Height);
                }
            }
        }
    }

    private static Plot Draw(IReadOnlyList<IGrouping<string, CellResult>> swept, string benchmark, string metric, string parameter, SweepAxis axis)
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
            double[] xs = [.. points.Select(p => axis.Map(p.X))];
            double[] ys = [.. points.Select(p => p.Value!.Value)];
            double[] errors = [.. points.Select(p => p.Value!.Stderr is { } se && double.IsFinite(se) ? se : 0)];
            var line = plot.Add.Scatter(xs, ys, palette.GetColor(i));
            line.LegendText = swept[i].Key;
            var bars = plot.Add.ErrorBar(xs, ys, errors);
            bars.Color = palette.GetColor(i);
        }
        plot.ShowLegend(Edge.Right); // beside the data, not over it: a sweep's lines and μ̄ markers fill the whole width
        axis.Apply(plot, swept.SelectMany(g => g).Select(c => c.Parameters[parameter]), Symbol(parameter));
        plot.YLabel($"{metric} (± 1 s.e.)");
        return plot;
    }

    /// <summary>
    /// The μ̄ of each line's aggregate cells (the same cell with an aggregate instead of a fixed μ, e.g. mu=mean beside
    /// mu=0.5), as a vertical line in the line's colour labelled "μ̄ (mean)" (and the line's name when there are several).
    /// </summary>
    private static void MarkSolvedMuBar(Plot plot, RunResults results, IReadOnlyList<IGrouping<string, CellResult>> swept, string benchmark, SweepAxis axis)
    {
        var palette = new ScottPlotPackage::ScottPlot.Palettes.Category10();
        for (var i = 0; i < swept.Count; i++)
        {
            var sweptCells = swept[i].Select(c => WithoutStrength(c.Id)).Where(id => id is not null).ToHashSet();
            var solved = results.Cells.Where(c => c.Method == "svdecode" && c.Aggregate is not null and not "fixed" && sweptCells.Contains(WithoutStrength(c.Id)));
            foreach (var cell in solved)
            {
                if (cell.Benchmarks.FirstOrDefault(b => b.Id == benchmark)?.Diagnostics.TryGetValue("mu_bar", out var muBar) != true || !double.IsFinite(muBar))
                {
                    continue;
                }
                var marker = plot.Add.VerticalLine(axis.Map(muBar));
                marker.Color = palette.GetColor(i);
                marker.LinePattern = LinePattern.Dashed;
                var name = string.Create(CultureInfo.InvariantCulture, $"μ̄ ({cell.Aggregate}) = {muBar:G4}");
                marker.LegendText = swept.Count == 1 ? name : $"{name}, {swept[i].Key}";
            }
        }
    }

    private static string? WithoutStrength(string id) => MatrixCell.Parse(id) is { } cell ? (cell with { Strength = null }).Id : null;

    /// <summary>The pre-trained model's value (peft: none, which has no warm-start) as a horizontal line.</summary>
    private static void MarkPretrained(Plot plot, RunResults results, string benchmark, string metric)
    {
        var value = results.Cells.FirstOrDefault(c => c.Peft == "none")?.Benchmarks.FirstOrDefault(b => b.Id == benchmark)?.Metrics.FirstOrDefault(m => m.Name == metric);
        if (value is null || !double.IsFinite(value.Value))
        {
            return;
        }
        var line = plot.Add.HorizontalLine(value.Value);
        line.Color = Colors.Gray;
        line.LinePattern = LinePattern.Dashed;
        line.LegendText = string.Create(CultureInfo.InvariantCulture, $"none (pre-trained) = {value.Value:0.0000}");
    }

    /// <summary>One line per adapter (the PEFT method, and its seed with matrix.seeds) and decoding method (named
    /// unless it is SVDecode) and, against α, per way of choosing μ̄ or λ̄, against μ, per α (an α sweep crossed with a
    /// strength sweep gives one line per value of the other); a swept scoring mask or budget names its value too.
    /// Against epochs a line is the cell's id without its budget: "lora" (the plain adapter), "lora+svdecode".</summary>
    private static string Line(CellResult cell, string parameter)
    {
        var parsed = MatrixCell.Parse(cell.Id);
        if (parameter == CellParameters.Epochs)
        {
            return parsed is null ? cell.Id : (parsed with { Epochs = null }).Id;
        }
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
        if (parsed?.Mask is { } mask)
        {
            line += $", {Steering.MaskModes.ToName(mask)} mask";
        }
        if (parsed?.Epochs is { } epochs)
        {
            line += FormattableString.Invariant($", {epochs} epochs");
        }
        return line;
    }

    private static string Symbol(string parameter) => parameter switch
    {
        CellParameters.Alpha => "α (confidence mask threshold)",
        CellParameters.Mu => "μ (fixed steering strength)",
        CellParameters.Epochs => "warm-start budget (epochs)",
        _ => parameter,
    };
}

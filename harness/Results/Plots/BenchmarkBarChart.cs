extern alias ScottPlotPackage;

using ScottPlotPackage::ScottPlot;

namespace SvDecode.Eval.Results.Plots;

/// <summary>
/// One figure per benchmark and metric: a group of bars per PEFT method, one bar per steering setting (without, with
/// SVDecode), each with an error bar of ± one standard error.
/// </summary>
public static class BenchmarkBarChart
{
    private const int Width = 800;
    private const int Height = 500;

    public static IEnumerable<PlotFile> Build(RunResults results)
    {
        var benchmarks = results.Cells.SelectMany(c => c.Benchmarks.Select(b => b.Id)).Distinct();
        foreach (var benchmark in benchmarks)
        {
            var cells = results.Cells.Where(c => c.Benchmarks.Any(b => b.Id == benchmark)).ToList();
            var metrics = cells.SelectMany(c => c.Benchmarks.First(b => b.Id == benchmark).Metrics.Select(m => m.Name)).Distinct();
            foreach (var metric in metrics)
            {
                yield return new PlotFile($"{PlotFile.Safe(benchmark)}.{PlotFile.Safe(metric)}", Draw(cells, benchmark, metric), Width, Height);
            }
        }
    }

    private static Plot Draw(IReadOnlyList<CellResult> cells, string benchmark, string metric)
    {
        var plot = new Plot();
        var pefts = cells.Select(c => c.Peft).Distinct().ToList();
        var steerings = cells.Select(c => c.Method).Distinct().OrderBy(Pipeline.Spec.MatrixDecodingExtensions.Order).ToList();
        var palette = new ScottPlotPackage::ScottPlot.Palettes.Category10();
        const double width = 0.8;
        var barWidth = width / steerings.Count;
        var bars = new List<Bar>();
        for (var g = 0; g < pefts.Count; g++)
        {
            for (var s = 0; s < steerings.Count; s++)
            {
                // Several steered cells of one PEFT (a sweep) share a slot: the plain bar chart shows the first.
                var cell = cells.FirstOrDefault(c => c.Peft == pefts[g] && c.Method == steerings[s]);
                var value = cell?.Benchmarks.First(b => b.Id == benchmark).Metrics.FirstOrDefault(m => m.Name == metric);
                if (value is null || !double.IsFinite(value.Value))
                {
                    continue;
                }
                bars.Add(new Bar
                {
                    Position = g - width / 2 + barWidth * (s + 0.5),
                    Value = value.Value,
                    Error = value.Stderr is { } se && double.IsFinite(se) ? se : 0,
                    Size = barWidth * 0.95,
                    FillColor = palette.GetColor(s),
                });
            }
        }
        plot.Add.Bars(bars);
        plot.Axes.Bottom.SetTicks([.. pefts.Select((_, i) => (double)i)], [.. pefts]);
        for (var s = 0; s < steerings.Count; s++)
        {
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = steerings.All(m => m is "off" or "svdecode") ? SteeringLabel(steerings[s]) : MethodLabel(steerings[s]), FillColor = palette.GetColor(s) });
        }
        plot.ShowLegend(Alignment.UpperRight);
        plot.Axes.Margins(bottom: 0);
        plot.YLabel($"{metric} (± 1 s.e.)");
        plot.XLabel("PEFT method");
        PlotTitle.Set(plot, $"{benchmark}: {metric}", Width, Height);
        return plot;
    }

    internal static string SteeringLabel(string method) => method == "off" ? "without SVDecode" : "with SVDecode";

    /// <summary>A bar's legend with several decoding methods: the method, the plain adapter named as such.</summary>
    private static string MethodLabel(string method) => method == "off" ? "off (adapter)" : method;
}

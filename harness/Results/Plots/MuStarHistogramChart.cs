extern alias ScottPlotPackage;

using System.Globalization;
using ScottPlotPackage::ScottPlot;

namespace SvDecode.Eval.Results.Plots;

/// <summary>
/// The histogram of per-token strengths μ*_t of each steered cell and benchmark (the strength artifact's bins on its
/// clipped range), with a vertical line at μ̄ when the diagnostics carry it; under/overflow counts in the title's
/// second line.
/// </summary>
public static class MuStarHistogramChart
{
    private const int Width = 640;
    private const int Height = 400;

    public static IEnumerable<PlotFile> Build(RunResults results)
    {
        foreach (var cell in results.Cells)
        {
            foreach (var benchmark in cell.Benchmarks)
            {
                if (benchmark.MuStar is { Counts.Length: > 0 } histogram)
                {
                    yield return new PlotFile($"mu-star.{PlotFile.Safe(cell.Id)}.{PlotFile.Safe(benchmark.Id)}", Draw(cell.Id, benchmark, histogram), Width, Height);
                }
            }
        }
    }

    private static Plot Draw(string cell, BenchmarkResult benchmark, Steering.StrengthHistogram histogram)
    {
        var plot = new Plot();
        var bars = new List<Bar>();
        for (var i = 0; i < histogram.Counts.Length; i++)
        {
            bars.Add(new Bar
            {
                Position = (histogram.Edges[i] + histogram.Edges[i + 1]) / 2,
                Value = histogram.Counts[i],
                Size = histogram.Edges[i + 1] - histogram.Edges[i],
                FillColor = Colors.SteelBlue,
            });
        }
        plot.Add.Bars(bars);
        if (benchmark.Diagnostics.TryGetValue("mu_bar", out var muBar) && double.IsFinite(muBar))
        {
            var line = plot.Add.VerticalLine(muBar);
            line.Color = Colors.OrangeRed;
            line.LegendText = string.Create(CultureInfo.InvariantCulture, $"μ̄ = {muBar:G4}");
            plot.ShowLegend(Alignment.UpperRight);
        }
        plot.Axes.Margins(bottom: 0);
        plot.XLabel("μ*_t");
        plot.YLabel("tokens");
        PlotTitle.Set(plot, string.Create(CultureInfo.InvariantCulture,
            $"μ* per token: {cell} / {benchmark.Id}\n{histogram.Underflow} below, {histogram.Overflow} above the range"), Width, Height);
        return plot;
    }
}

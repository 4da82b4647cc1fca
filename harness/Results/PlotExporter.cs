extern alias ScottPlotPackage;

using SvDecode.Eval.Results.Plots;

namespace SvDecode.Eval.Results;

/// <summary>
/// plots/: every figure as PNG and SVG — grouped bars per benchmark and metric, metric against a swept α or μ, and
/// the μ* histogram per steered cell. Every figure is attempted; failures are reported together at the end.
/// Only complete runs are drawn: rendering takes a second or more, and a cancelled run must exit promptly (its
/// results.json and report.md say what finished; the resumed run draws the plots).
/// </summary>
public sealed class PlotExporter : IResultsExporter
{
    public const string Folder = "plots";

    public string Name => "plots";

    public IReadOnlyList<string> Files => [Folder + "/"];

    public void Export(RunResults results, string outputDirectory)
    {
        if (results.Status != RunStatus.Complete)
        {
            return;
        }
        var folder = Path.Combine(outputDirectory, Folder);
        var errors = new List<Exception>();
        foreach (var figure in Figures(results))
        {
            try
            {
                AtomicFile.WriteAllBytes(Path.Combine(folder, figure.Name + ".png"), figure.Plot.GetImageBytes(figure.Width, figure.Height, ScottPlotPackage::ScottPlot.ImageFormat.Png));
                AtomicFile.WriteAllText(Path.Combine(folder, figure.Name + ".svg"), figure.Plot.GetSvgXml(figure.Width, figure.Height));
            }
            catch (Exception ex)
            {
                errors.Add(new InvalidOperationException($"plot '{figure.Name}': {ex.Message}", ex));
            }
        }
        if (errors.Count > 0)
        {
            throw new AggregateException($"{errors.Count} plot(s) failed", errors);
        }
    }

    public static IEnumerable<PlotFile> Figures(RunResults results) =>
        BenchmarkBarChart.Build(results).Concat(SweepChart.Build(results)).Concat(MuStarHistogramChart.Build(results));
}

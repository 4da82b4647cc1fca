extern alias ScottPlotPackage;

using System.Globalization;
using ScottPlotPackage::ScottPlot;

namespace SvDecode.Eval.Results.Plots;

/// <summary>
/// The x axis of a sweep plot. Swept values that span a decade or more (a μ grid from −16 to 16 in powers of two, warm-
/// start budgets from 0.02 to 2 epochs) are drawn on a symmetric log scale, x ↦ sign(x)·log₂(1 + |x|/c) with c the
/// smallest non-zero |x|, so each step of the grid gets the same width and the points near 0 do not pile up; the
/// ticks sit at the swept values and are labelled with them. Narrower sweeps stay linear.
/// </summary>
public sealed class SweepAxis
{
    /// <summary>Largest over smallest non-zero |x| from which the scale is logarithmic.</summary>
    public const double LogFromSpan = 10;

    private readonly double _c;

    private SweepAxis(double c) => _c = c;

    /// <summary>Symmetric log (<see cref="IsLogarithmic"/>) or linear, from the swept values.</summary>
    public static SweepAxis For(IEnumerable<double> values)
    {
        var magnitudes = values.Where(double.IsFinite).Select(Math.Abs).Where(v => v > 0).ToList();
        return magnitudes.Count >= 2 && magnitudes.Max() / magnitudes.Min() >= LogFromSpan ? new SweepAxis(magnitudes.Min()) : new SweepAxis(0);
    }

    public bool IsLogarithmic => _c > 0;

    /// <summary>Where a value is drawn: itself on a linear axis; odd, monotone and 0 at 0 on the log one.</summary>
    public double Map(double x) => IsLogarithmic ? Math.Sign(x) * Math.Log2(1 + (Math.Abs(x) / _c)) : x;

    /// <summary>Ticks at the swept values (log scale only; a linear axis keeps ScottPlot's own) and the scale in the label.</summary>
    public void Apply(Plot plot, IEnumerable<double> ticks, string label)
    {
        if (!IsLogarithmic)
        {
            plot.XLabel(label);
            return;
        }
        var values = ticks.Where(double.IsFinite).Distinct().Order().ToArray();
        plot.Axes.Bottom.SetTicks([.. values.Select(Map)], [.. values.Select(v => v.ToString("G4", CultureInfo.InvariantCulture))]);
        plot.XLabel($"{label}, {(values.Any(v => v < 0) ? "symmetric " : "")}log scale");
    }
}

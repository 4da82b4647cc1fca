extern alias ScottPlotPackage;

namespace SvDecode.Eval.Results.Plots;

/// <summary>One figure to save: its file name without extension (under plots/) and the plot, at a fixed pixel size.</summary>
public sealed record PlotFile(string Name, ScottPlotPackage::ScottPlot.Plot Plot, int Width, int Height)
{
    /// <summary>A file-name-safe form of a cell or benchmark id ("lora+svdecode" → "lora+svdecode", "a/b" → "a_b").</summary>
    public static string Safe(string id) =>
        new([.. id.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '+' ? c : '_')]);
}

extern alias ScottPlotPackage;

using ScottPlotPackage::ScottPlot;

namespace SvDecode.Eval.Results.Plots;

/// <summary>
/// Sets a figure's title so that all of it shows. The title is centred over the data area, which the y axis pushes
/// right, so the room it has is twice the distance from that centre to the nearer figure edge; a title wider than
/// that gets a smaller font. Cell and benchmark ids are the user's, of any length: at a fixed size a long title
/// was cut off at both edges. Call it last, when the axes' labels (which move the data area) are set.
/// </summary>
public static class PlotTitle
{
    /// <summary>Free pixels kept between the title and each figure edge.</summary>
    public const int SideMargin = 8;

    /// <summary>Below this size a title stops shrinking (ids that long would not be readable anyway).</summary>
    private const float SmallestFontSize = 7;

    public static void Set(Plot plot, string text, int width, int height)
    {
        plot.Title(text);
        // A render lays the figure out; the title's font size changes the data area's height, never its left and right.
        plot.RenderInMemory(width, height);
        var data = plot.RenderManager.LastRender.DataRect;
        var centre = (data.Left + data.Right) / 2;
        var room = 2 * Math.Min(centre, width - centre) - 2 * SideMargin;
        var label = plot.Axes.Title.Label;
        using var paint = Paint.NewDisposablePaint();
        while (label.Measure(paint).Width > room && label.FontSize > SmallestFontSize)
        {
            label.FontSize -= 1;
        }
    }
}

using SkiaSharp;
using SvDecode.Eval.Results;
using SvDecode.Eval.Results.Plots;
using SvDecode.Eval.Tests.Support;
using Xunit;

namespace SvDecode.Eval.Tests.Results;

/// <summary>
/// Every figure's title shows whole, however long the user's cell and benchmark ids: read from the rendered PNG, the
/// title band has ink, and none of it in the side margins (a cut-off title runs into both edges of the image).
/// </summary>
public sealed class PlotTitleTests : IDisposable
{
    // Above every figure's data area (its frame starts lower, under a one- or two-line title).
    private const int TitleBandRows = 36;

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("", "")]
    [InlineData("-and-the-longer-name-this-study-gives-it", "-from-the-users-own-data-folder")]
    public void NoTitleIsCutOffAtTheFigureEdges(string cellSuffix, string benchmarkSuffix)
    {
        var sample = SampleResults.Build(alphaSweep: [0.05, 0.2]);
        var results = sample with
        {
            Cells = [.. sample.Cells.Select(c => c with
            {
                Id = c.Id + cellSuffix,
                Benchmarks = [.. c.Benchmarks.Select(b => b with { Id = b.Id + benchmarkSuffix })],
            })],
        };
        new PlotExporter().Export(results, _dir.Path);

        var figures = PlotExporter.Figures(results).ToList();
        Assert.Contains(figures, f => f.Name.StartsWith("mu-star.", StringComparison.Ordinal));
        foreach (var figure in figures)
        {
            using var image = SKBitmap.Decode(_dir.Combine(PlotExporter.Folder, figure.Name + ".png"));
            Assert.True(Ink(image, 0, image.Width) > 100, $"{figure.Name}: no title drawn");
            Assert.True(Ink(image, 0, PlotTitle.SideMargin / 2) == 0, $"{figure.Name}: the title runs into the left edge");
            Assert.True(Ink(image, image.Width - PlotTitle.SideMargin / 2, image.Width) == 0, $"{figure.Name}: the title runs into the right edge");
        }
    }

    /// <summary>Dark pixels of the title band between columns <paramref name="from"/> (inclusive) and <paramref name="to"/>.</summary>
    private static int Ink(SKBitmap image, int from, int to)
    {
        var count = 0;
        for (var y = 0; y < TitleBandRows; y++)
        {
            for (var x = from; x < to; x++)
            {
                var pixel = image.GetPixel(x, y);
                count += Math.Min(pixel.Red, Math.Min(pixel.Green, pixel.Blue)) < 160 ? 1 : 0;
            }
        }
        return count;
    }
}

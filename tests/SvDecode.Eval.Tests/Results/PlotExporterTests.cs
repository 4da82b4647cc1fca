using System.Buffers.Binary;
using System.Xml.Linq;
using SvDecode.Eval.Results;
using SvDecode.Eval.Tests.Support;
using Xunit;

namespace SvDecode.Eval.Tests.Results;

/// <summary>The plots render: each figure exists as a real PNG (signature, IHDR size) and as an SVG of the same size.</summary>
public sealed class PlotExporterTests : IDisposable
{
    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void EveryFigureIsAValidPngAndSvgOfItsSize()
    {
        var results = SampleResults.Build(alphaSweep: [0.05, 0.2, 0.5]);
        new PlotExporter().Export(results, _dir.Path);

        var figures = PlotExporter.Figures(results).Select(f => (f.Name, f.Width, f.Height)).ToList();
        // Bars: (mc1, mc2) + (acc); α sweep of LoRA: the same three metrics; μ* histograms: 2 + 3 steered cells × 2 benchmarks.
        Assert.Equal(3 + 3 + 10, figures.Count);
        Assert.Contains(figures, f => f.Name == "truthfulqa_mc.mc1");
        Assert.Contains(figures, f => f.Name == "arc_easy.acc.vs-alpha");
        Assert.Contains(figures, f => f.Name == "mu-star.lora+svdecode.truthfulqa_mc");
        Assert.DoesNotContain(figures, f => f.Name.Contains("vs-mu", StringComparison.Ordinal));
        foreach (var (name, width, height) in figures)
        {
            AssertPng(_dir.Combine(PlotExporter.Folder, name + ".png"), width, height);
            AssertSvg(_dir.Combine(PlotExporter.Folder, name + ".svg"), width, height);
        }
    }

    [Fact]
    public void WithoutASweepThereAreNoSweepPlots()
    {
        var names = PlotExporter.Figures(SampleResults.Build()).Select(f => f.Name).ToList();
        Assert.Equal(3 + 4, names.Count);
        Assert.DoesNotContain(names, n => n.Contains(".vs-", StringComparison.Ordinal));
    }

    [Fact]
    public void ACancelledRunIsNotDrawnSoItExitsPromptly()
    {
        new PlotExporter().Export(SampleResults.Build() with { Status = RunStatus.Cancelled }, _dir.Path);
        Assert.False(Directory.Exists(_dir.Combine(PlotExporter.Folder)));
    }

    private static void AssertPng(string path, int width, int height)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.True(bytes.AsSpan(0, 8).SequenceEqual(PngSignature), $"{path}: no PNG signature");
        // The first chunk is IHDR: length (4), type (4), then width and height as big-endian 32-bit integers.
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(bytes, 12, 4));
        Assert.Equal(width, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16, 4)));
        Assert.Equal(height, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20, 4)));
    }

    private static void AssertSvg(string path, int width, int height)
    {
        var root = XDocument.Load(path).Root!;
        Assert.Equal("svg", root.Name.LocalName);
        Assert.Equal(width, Pixels(root.Attribute("width")?.Value));
        Assert.Equal(height, Pixels(root.Attribute("height")?.Value));
    }

    private static int Pixels(string? value) =>
        (int)Math.Round(double.Parse((value ?? "").Replace("px", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture));
}

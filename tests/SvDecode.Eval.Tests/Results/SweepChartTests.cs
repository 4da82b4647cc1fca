using SvDecode.Eval.Results;
using SvDecode.Eval.Results.Plots;
using SvDecode.Eval.Tests.Support;
using Xunit;

namespace SvDecode.Eval.Tests.Results;

/// <summary>Sweep plots of a crossed matrix (steering_alpha × a fixed-μ strength sweep, two seeds): one line per
/// adapter and per value of the other swept setting, never two points of one line at the same x.</summary>
public sealed class SweepChartTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static CellResult Steered(double alpha, double mu, int seed, double mc1) => new(
        FormattableString.Invariant($"lora+svdecode[alpha={alpha},mu={mu},seed={seed}]"), "lora", "on",
        new SortedDictionary<string, double>(StringComparer.Ordinal) { ["alpha"] = alpha, ["mu"] = mu, ["seed"] = seed },
        [new BenchmarkResult("tqa", "truthfulqa_mc", [new MetricValue("mc1", mc1, 0.05, 100)], new Dictionary<string, double>(), null)])
    {
        Aggregate = "fixed",
    };

    [Fact]
    public void ACrossedSweepDrawsOneLinePerAdapterAndOtherSetting()
    {
        var cells = (from seed in new[] { 1, 2 } from alpha in new[] { 0.1, 0.3 } from mu in new[] { 0.5, 1.0, 2.0 }
                     select Steered(alpha, mu, seed, 0.4 + alpha / 10 + mu / 100 + seed / 1000.0)).ToList();
        var sample = SampleResults.Build();
        var results = sample with { Cells = cells, PairedDeltas = [] };
        new PlotExporter().Export(results, _dir.Path);

        var againstMu = File.ReadAllText(_dir.Combine(PlotExporter.Folder, "tqa.mc1.vs-mu.svg"));
        var againstAlpha = File.ReadAllText(_dir.Combine(PlotExporter.Folder, "tqa.mc1.vs-alpha.svg"));
        foreach (var seed in new[] { 1, 2 })
        {
            foreach (var alpha in new[] { "0.1", "0.3" })
            {
                Assert.Contains($"lora seed {seed}, α {alpha}", againstMu, StringComparison.Ordinal);
            }
            foreach (var mu in new[] { "0.5", "1", "2" })
            {
                Assert.Contains($"lora seed {seed}, μ {mu}", againstAlpha, StringComparison.Ordinal);
            }
        }
        Assert.DoesNotContain("lora seed 1, α 0.1, ", againstMu, StringComparison.Ordinal); // no third setting in a label
    }

    private static CellResult Solved(int seed, double muBar, double mc1) => new(
        $"lora+svdecode[alpha=0.1,mu=mean,seed={seed}]", "lora", "on",
        new SortedDictionary<string, double>(StringComparer.Ordinal) { ["alpha"] = 0.1, ["seed"] = seed },
        [new BenchmarkResult("tqa", "truthfulqa_mc", [new MetricValue("mc1", mc1, 0.05, 100)], new Dictionary<string, double> { ["mu_bar"] = muBar }, null)])
    {
        Aggregate = "mean",
    };

    [Fact]
    public void TheSolvedMuBarOfTheSameAdapterIsMarkedOnTheMuSweep()
    {
        var cells = (from seed in new[] { 1, 2 } from mu in new[] { 0.5, 1.0, 2.0 } select Steered(0.1, mu, seed, 0.4 + mu / 100)).ToList();
        cells.Add(Solved(1, 12.57, 0.38));
        var results = SampleResults.Build() with { Cells = cells, PairedDeltas = [] };
        new PlotExporter().Export(results, _dir.Path);

        var againstMu = File.ReadAllText(_dir.Combine(PlotExporter.Folder, "tqa.mc1.vs-mu.svg"));
        // Seed 1 has an aggregate cell: its μ̄ is marked and named for its line; seed 2 has none, so no marker.
        Assert.Contains("μ̄ (mean) = 12.57, lora seed 1, α 0.1", againstMu, StringComparison.Ordinal);
        Assert.DoesNotContain("lora seed 2, α 0.1, ", againstMu, StringComparison.Ordinal);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(againstMu, "μ̄ \\(mean\\)"));

        // One adapter alone: the label is just "μ̄ (mean)" and its value.
        var single = cells.Where(c => c.Id.EndsWith("seed=1]", StringComparison.Ordinal)).ToList();
        new PlotExporter().Export(results with { Cells = single }, _dir.Combine("single"));
        Assert.Contains("μ̄ (mean) = 12.57", SvgText.Of(File.ReadAllText(_dir.Combine("single", PlotExporter.Folder, "tqa.mc1.vs-mu.svg"))));
    }

    [Fact]
    public void AWideSweepIsDrawnOnASymmetricLogScaleAndANarrowOneStaysLinear()
    {
        double[] grid = [-16, -4, -1, -0.25, 0.25, 1, 4, 16];
        var wide = grid.Select(mu => Steered(0.1, mu, 1, 0.5 - mu / 100)).ToList();
        new PlotExporter().Export(SampleResults.Build() with { Cells = wide, PairedDeltas = [] }, _dir.Combine("wide"));
        var svg = string.Join("\n", SvgText.Of(File.ReadAllText(_dir.Combine("wide", PlotExporter.Folder, "tqa.mc1.vs-mu.svg"))));
        Assert.Contains("μ (fixed steering strength), symmetric log scale", svg, StringComparison.Ordinal);
        Assert.Contains("-0.25", SvgText.Of(File.ReadAllText(_dir.Combine("wide", PlotExporter.Folder, "tqa.mc1.vs-mu.svg")))); // a tick label per swept value

        var narrow = new[] { 0.5, 1.0, 2.0 }.Select(mu => Steered(0.1, mu, 1, 0.4)).ToList();
        new PlotExporter().Export(SampleResults.Build() with { Cells = narrow, PairedDeltas = [] }, _dir.Combine("narrow"));
        Assert.DoesNotContain("log scale", string.Join("\n", SvgText.Of(File.ReadAllText(_dir.Combine("narrow", PlotExporter.Folder, "tqa.mc1.vs-mu.svg")))), StringComparison.Ordinal);
    }

    [Fact]
    public void TheSymmetricLogScaleIsOddMonotoneAndGivesEachGridStepItsOwnWidth()
    {
        var axis = SweepAxis.For([-16, -1, -0.25, 0.25, 1, 16]);
        Assert.True(axis.IsLogarithmic);
        Assert.Equal(0, axis.Map(0));
        Assert.Equal(1, axis.Map(0.25), 12);                      // log2(1 + 0.25 / 0.25)
        Assert.Equal(-axis.Map(16), axis.Map(-16), 12);
        Assert.Equal(Math.Log2(65), axis.Map(16), 12);
        double[] xs = [-100, -16, -2.3, -1, 0, 0.25, 3, 16, 100];
        Assert.True(xs.Zip(xs.Skip(1)).All(p => axis.Map(p.First) < axis.Map(p.Second)));
        // The epochs of a budget study (0.02 to 2) are logarithmic too; α from 0.1 to 0.5 is not.
        Assert.True(SweepAxis.For([0.02, 0.1, 0.25, 0.5, 1, 2]).IsLogarithmic);
        var linear = SweepAxis.For([0.1, 0.2, 0.5]);
        Assert.False(linear.IsLogarithmic);
        Assert.Equal(-2.3, linear.Map(-2.3));
    }
}

using SvDecode.Eval.Metrics;
using Xunit;

namespace SvDecode.Eval.Tests.Metrics;

public sealed class StatisticsTests
{
    [Fact]
    public void StandardErrorIsSampleStdOverRootN()
    {
        // (1, 0, 1, 1): mean ¾, Σ(x − ¾)² = 3/16 + 9/16 = ¾, sample variance ¼, std ½, stderr ½ / 2.
        var summary = MetricSummary.Of("acc", [1.0, 0.0, 1.0, 1.0]);
        Assert.Equal(0.75, summary.Mean);
        Assert.Equal(0.25, summary.StdErr, 12);
        Assert.Equal(4, summary.Count);
        Assert.True(double.IsNaN(StandardError.OfMean([1.0])));
    }

    [Fact]
    public void BootstrapIsDeterministicBySeedAndBracketsTheMean()
    {
        var random = new Random(42);
        var a = Enumerable.Range(0, 200).Select(_ => random.NextDouble() < 0.5 ? 1.0 : 0.0).ToArray();
        var b = a.Select(x => random.NextDouble() < 0.2 ? 1 - x : x).ToArray();
        var first = PairedBootstrap.Compute(a, b, iterations: 500, seed: 7);
        var again = PairedBootstrap.Compute(a, b, iterations: 500, seed: 7);
        var other = PairedBootstrap.Compute(a, b, iterations: 500, seed: 8);
        Assert.Equal(first, again);
        Assert.NotEqual((first.CiLow, first.CiHigh), (other.CiLow, other.CiHigh));
        Assert.Equal(b.Average() - a.Average(), first.MeanDifference, 12);
        Assert.True(first.CiLow <= first.MeanDifference && first.MeanDifference <= first.CiHigh);
        Assert.True(first.CiLow < first.CiHigh);
        // The percentile interval is roughly mean ± 1.96 standard errors for a mean of 200 items.
        Assert.InRange(first.CiHigh - first.CiLow, 2 * 1.96 * first.StdErr * 0.8, 2 * 1.96 * first.StdErr * 1.2);
        Assert.Equal(PairedBootstrap.DefaultIterations, PairedBootstrap.Compute(a, b).Iterations);
    }

    [Fact]
    public void BootstrapOfAConstantDifferenceIsThatConstant()
    {
        var result = PairedBootstrap.Compute([0.0, 1.0, 0.5], [0.25, 1.25, 0.75], iterations: 50, seed: 1);
        Assert.Equal(0.25, result.CiLow, 12);
        Assert.Equal(0.25, result.CiHigh, 12);
        Assert.Throws<ArgumentException>(() => PairedBootstrap.Compute([1.0], [1.0, 2.0]));
    }

    [Theory]
    [InlineData(1, 5, 0.21875)]                    // 2·(1 + 6)/64
    [InlineData(10, 25, 0.01667384780012071)]      // exact binomial, computed independently with Python's math.comb
    [InlineData(100, 150, 0.001883300935076157)]
    [InlineData(3, 3, 1.0)]
    [InlineData(0, 0, 1.0)]
    public void McNemarExactPValues(int onlyA, int onlyB, double expected)
    {
        Assert.Equal(expected, McNemarTest.ExactPValue(onlyA, onlyB), 10);
    }

    [Fact]
    public void McNemarCountsDiscordantPairs()
    {
        bool[] a = [true, true, false, false, true, false];
        bool[] b = [true, false, true, true, true, true];
        var result = McNemarTest.Compute(a, b);
        Assert.Equal(1, result.OnlyA);
        Assert.Equal(3, result.OnlyB);
        Assert.Equal(6, result.Count);
        Assert.Equal(2 * 5 / 16.0, result.PValue, 12);   // n = 4, P[X ≤ 1] = 5/16
    }
}

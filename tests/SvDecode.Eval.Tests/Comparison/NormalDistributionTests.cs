using SvDecode.Eval.Comparison;
using Xunit;

namespace SvDecode.Eval.Tests.Comparison;

public sealed class NormalDistributionTests
{
    [Theory]
    // erfc values from tables (Abramowitz & Stegun 7.1): erfc(0.5) = 0.4795001222, erfc(1) = 0.1572992071, erfc(2) = 0.004677734981.
    [InlineData(0.0, 1.0)]
    [InlineData(0.5, 0.4795001222)]
    [InlineData(1.0, 0.1572992071)]
    [InlineData(2.0, 0.004677734981)]
    [InlineData(-1.0, 1.8427007929)]
    public void ErfcMatchesTables(double x, double expected) =>
        Assert.Equal(expected, NormalDistribution.Erfc(x), 1.2e-7 * Math.Max(1, expected));

    [Theory]
    [InlineData(1.959963985, 0.05)]
    [InlineData(2.575829304, 0.01)]
    [InlineData(0.0, 1.0)]
    public void TwoSidedPOfTheUsualQuantiles(double z, double p)
    {
        Assert.Equal(p, NormalDistribution.TwoSidedP(z), 1e-7);
        Assert.Equal(p, NormalDistribution.TwoSidedP(-z), 1e-7);
    }
}

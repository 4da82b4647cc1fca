using SvDecode.Eval.Steering;
using Xunit;

namespace SvDecode.Eval.Tests.Steering;

public sealed class HardModeRankingTests
{
    private const double Out = double.NegativeInfinity;

    [Fact]
    public void AFiniteSteeredScoreBeatsChoicesThatLeftTheMask()
    {
        var rank = HardModeRanking.Rank([Out, Out, -2.0], [-1.0, -0.5, -3.0]);
        Assert.Equal(2, rank.Best);
        Assert.False(rank.TieBrokenAtTop);
        Assert.Equal(new[] { 2, 1, 0 }, rank.Order);   // the −∞ pair ordered by the unsteered score
    }

    [Fact]
    public void WhenEveryChoiceLeftTheMaskTheUnsteeredScoreDecides()
    {
        var rank = HardModeRanking.Rank([Out, Out, Out], [-3.0, -1.0, -2.0]);
        Assert.Equal(1, rank.Best);
        Assert.True(rank.TieBrokenAtTop);
        Assert.Equal(new[] { 1, 2, 0 }, rank.Order);
    }

    [Fact]
    public void FiniteTiesAreBrokenTheSameWayThenByIndex()
    {
        Assert.Equal(1, HardModeRanking.Rank([-1.0, -1.0, -5.0], [-2.0, -1.0, 0.0]).Best);
        var full = HardModeRanking.Rank([-1.0, -1.0], [-2.0, -2.0]);
        Assert.Equal(0, full.Best);
        Assert.True(full.TieBrokenAtTop);
    }

    [Fact]
    public void NaNOrMismatchedInputsAreRejected()
    {
        Assert.Throws<ArgumentException>(() => HardModeRanking.Rank([double.NaN, 1.0], [0.0, 0.0]));
        Assert.Throws<ArgumentException>(() => HardModeRanking.Rank([1.0], [0.0, 0.0]));
    }
}

using SvDecode.Eval.Training;
using Xunit;

namespace SvDecode.Eval.Tests.Training;

public sealed class LinearScheduleTests
{
    [Fact]
    public void WarmUpThenLinearDecayToZero()
    {
        // 10 steps, 20% warm-up → 2 warm-up steps; then (10 − s) / 8.
        var warmup = LinearSchedule.WarmupSteps(10, 0.2);
        Assert.Equal(2, warmup);
        double[] expected = [0, 0.5, 1, 7 / 8.0, 6 / 8.0, 5 / 8.0, 4 / 8.0, 3 / 8.0, 2 / 8.0, 1 / 8.0];
        Assert.Equal(expected, Enumerable.Range(0, 10).Select(s => LinearSchedule.Factor(s, 10, warmup)));
    }

    [Fact]
    public void WithoutWarmUpTheFirstStepUsesTheFullRate()
    {
        Assert.Equal(0, LinearSchedule.WarmupSteps(4, 0));
        Assert.Equal([1, 0.75, 0.5, 0.25], Enumerable.Range(0, 4).Select(s => LinearSchedule.Factor(s, 4, 0)));
    }
}

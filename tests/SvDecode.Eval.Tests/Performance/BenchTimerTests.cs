using SvDecode.Eval.Tool.Bench;
using Xunit;

namespace SvDecode.Eval.Tests.Performance;

/// <summary>The timer's bookkeeping with scripted sample times (no clock): warm-ups are run once and never counted,
/// medians and per-pair ratios come from the timed samples only.</summary>
public sealed class BenchTimerTests
{
    private static Func<double> Script(List<string> log, string name, params double[] times)
    {
        var next = 0;
        return () =>
        {
            log.Add(name);
            return times[next++];
        };
    }

    [Fact]
    public void AShortWarmUpReplacesTheUntimedSample()
    {
        var log = new List<string>();
        var median = BenchTimer.MedianOf(Script(log, "sample", 5, 1, 9), iterations: 3, warmUp: () => log.Add("warm"));
        Assert.Equal(5, median);
        Assert.Equal(["warm", "sample", "sample", "sample"], log);
    }

    [Fact]
    public void WithoutAWarmUpTheFirstSampleIsDiscarded()
    {
        var log = new List<string>();
        var median = BenchTimer.MedianOf(Script(log, "sample", 100, 2, 4), iterations: 2);
        Assert.Equal(3, median); // the 100 s first call is the warm-up
        Assert.Equal(3, log.Count);
    }

    [Fact]
    public void InterleavedSamplesAlternateAndTheRatioIsTheMedianOfPairs()
    {
        var log = new List<string>();
        // Pair 3 hits a slow stretch on both sides: each side's median ignores it, and so does the pairs' ratio median,
        // which here differs from the ratio of the medians (2 / 1 = 2 versus pairs 2, 2.5, 3 → 2.5).
        var (a, b, ratio) = BenchTimer.Interleaved(Script(log, "a", 1, 2, 10), Script(log, "b", 2, 5, 30), iterations: 3, warmUp: () => log.Add("warm"));
        Assert.Equal(2, a);
        Assert.Equal(5, b);
        Assert.Equal(2.5, ratio);
        Assert.Equal(["warm", "a", "b", "a", "b", "a", "b"], log);
    }
}

using Microsoft.Extensions.Time.Testing;
using SvDecode.Eval.Progress;
using Xunit;

namespace SvDecode.Eval.Tests.Progress;

/// <summary>The CI log lines of a step: units done, rate and time left, measured on an injected clock.</summary>
public sealed class LogRunProgressTests
{
    [Fact]
    public void RateAndTimeLeftFollowTheClock()
    {
        // 40 of 100 items in 16 s: 2.5 items/s, the other 60 take 24 s.
        var rate = new ProgressRate(40, 100, TimeSpan.FromSeconds(16));
        Assert.Equal(2.5, rate.PerSecond);
        Assert.Equal(TimeSpan.FromSeconds(24), rate.Remaining);
        Assert.Equal("2.50 items/s, ETA 0:00:24", rate.Describe("items"));

        // Nothing done yet, or no time passed: nothing is known, and the line says so by leaving it out.
        Assert.Null(new ProgressRate(0, 100, TimeSpan.FromSeconds(5)).PerSecond);
        Assert.Null(new ProgressRate(3, 100, TimeSpan.Zero).Remaining);
        Assert.Equal("", new ProgressRate(0, 100, TimeSpan.FromSeconds(5)).Describe("items"));

        // 7 steps in 3 h: the ETA runs past an hour, the rate keeps its significant figures.
        var slow = new ProgressRate(7, 10, TimeSpan.FromHours(3));
        Assert.Equal("0.000648 steps/s, ETA 1:17:09", slow.Describe("steps"));
    }

    [Theory]
    [InlineData(1234.5, "1235")]
    [InlineData(12.345, "12.3")]
    [InlineData(1.2345, "1.23")]
    [InlineData(0.012345, "0.0123")]
    public void RatesKeepThreeSignificantFigures(double perSecond, string expected) =>
        Assert.Equal(expected, ProgressRate.FormatRate(perSecond));

    [Fact]
    public void DurationsRoundUpToTheSecond()
    {
        Assert.Equal("0:00:01", ProgressRate.FormatDuration(TimeSpan.FromMilliseconds(200)));
        Assert.Equal("26:00:00", ProgressRate.FormatDuration(TimeSpan.FromHours(26)));
    }

    [Fact]
    public void EachTenthLogsItsCountRateAndTimeLeft()
    {
        var clock = new FakeTimeProvider();
        var logger = new CapturingLogger();
        using (var task = new LogRunProgress(logger, clock).Start("score (log-likelihood) [lora / boolq]", 20))
        {
            for (var i = 0; i < 20; i++)
            {
                clock.Advance(TimeSpan.FromMilliseconds(500)); // 2 items/s
                task.Increment();
            }
        }

        Assert.Equal(11, logger.Lines.Count); // the first item (its rate), then 10%, 20%, …, 100%
        Assert.Equal("score (log-likelihood) [lora / boolq]: 5% (1/20 items), 2.00 items/s, ETA 0:00:10", logger.Lines[0]);
        Assert.Equal("score (log-likelihood) [lora / boolq]: 10% (2/20 items), 2.00 items/s, ETA 0:00:09", logger.Lines[1]);
        Assert.Equal("score (log-likelihood) [lora / boolq]: 50% (10/20 items), 2.00 items/s, ETA 0:00:05", logger.Lines[5]);
        Assert.Equal("score (log-likelihood) [lora / boolq]: 100% (20/20 items), 2.00 items/s, ETA 0:00:00", logger.Lines[^1]);
    }

    [Fact]
    public void AStepFinishedEarlyStillLogsItsEnd()
    {
        var clock = new FakeTimeProvider();
        var logger = new CapturingLogger();
        var progress = new SubjectProgress(new LogRunProgress(logger, clock), "lora / jsonl");
        using (progress.Start("warm-start", 4, "steps"))
        {
            clock.Advance(TimeSpan.FromSeconds(2));
        }

        Assert.Equal(["warm-start [lora / jsonl]: 100% (4/4 steps), 2.00 steps/s, ETA 0:00:00"], logger.Lines);
    }
}

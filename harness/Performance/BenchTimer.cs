using System.Diagnostics;

namespace SvDecode.Eval.Performance;

/// <summary>
/// Times an action: a warm-up first (allocator, thread pool, lazy init), then the median of the timed runs. A caller
/// may pass a short warm-up (a few tokens or steps of the same work) instead of a full untimed run: it initialises the
/// same kernels at a fraction of the cost, which keeps the full suite inside its time budget.
/// </summary>
public static class BenchTimer
{
    /// <summary>Median seconds per call of <paramref name="action"/> over <paramref name="iterations"/> timed calls,
    /// after <paramref name="warmUp"/> (default: one untimed call of the action itself).</summary>
    public static double MedianSeconds(Action action, int iterations, Action? warmUp = null) =>
        MedianOf(() =>
        {
            var start = Stopwatch.GetTimestamp();
            action();
            return Stopwatch.GetElapsedTime(start).TotalSeconds;
        }, iterations, warmUp);

    /// <summary>
    /// Median of <paramref name="sample"/>'s own timings, for runs with an untimed set-up part (a decode sample times
    /// its steps, not the prefill before them).
    /// </summary>
    public static double MedianOf(Func<double> sample, int iterations, Action? warmUp = null)
    {
        if (warmUp is null)
        {
            _ = sample();
        }
        else
        {
            warmUp();
        }
        return Median([.. Enumerable.Range(0, Math.Max(1, iterations)).Select(_ => sample())]);
    }

    /// <summary>
    /// Two samplers run alternately (a, b, a, b, …) after <paramref name="warmUp"/>: for a ratio of the two, so that
    /// load that comes and goes during the measurement weighs on both sides alike. Returns each side's median and the
    /// median of the per-pair ratios b / a (robust to a slow stretch that hits one pair).
    /// </summary>
    public static (double A, double B, double RatioBToA) Interleaved(Func<double> a, Func<double> b, int iterations, Action warmUp)
    {
        warmUp();
        var samples = Enumerable.Range(0, Math.Max(1, iterations)).Select(_ => (A: a(), B: b())).ToList();
        return (Median([.. samples.Select(s => s.A)]), Median([.. samples.Select(s => s.B)]), Median([.. samples.Select(s => s.B / s.A)]));
    }

    private static double Median(double[] samples)
    {
        Array.Sort(samples);
        var middle = samples.Length / 2;
        return samples.Length % 2 == 1 ? samples[middle] : (samples[middle - 1] + samples[middle]) / 2;
    }
}

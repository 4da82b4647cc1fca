using System.Diagnostics;

namespace SvDecode.Eval.Tool.Bench;

/// <summary>
/// Times an action: a warm-up first, then the median of the timed runs. A caller may pass a short warm-up (a few
/// tokens or steps of the same work) instead of a full untimed run; it is repeated until <c>warmUpSeconds</c> have
/// passed. The time matters more than the count: .NET recompiles hot methods at full optimisation on a background
/// thread some hundred milliseconds after their first calls, and on two cores that thread stalls LibTorch's two
/// OpenMP threads. A 2-step warm-up let the first decode figure of a run come out at half its settled rate.
/// </summary>
public static class BenchTimer
{
    /// <summary>Median seconds per call of <paramref name="action"/> over <paramref name="iterations"/> timed calls,
    /// after <paramref name="warmUp"/> (default: one untimed call of the action itself).</summary>
    public static double MedianSeconds(Action action, int iterations, Action? warmUp = null, double warmUpSeconds = 0) =>
        MedianOf(() =>
        {
            var start = Stopwatch.GetTimestamp();
            action();
            return Stopwatch.GetElapsedTime(start).TotalSeconds;
        }, iterations, warmUp, warmUpSeconds);

    /// <summary>
    /// Median of <paramref name="sample"/>'s own timings, for runs with an untimed set-up part (a decode sample times
    /// its steps, not the prefill before them).
    /// </summary>
    public static double MedianOf(Func<double> sample, int iterations, Action? warmUp = null, double warmUpSeconds = 0)
    {
        WarmUp(warmUp ?? (() => sample()), warmUpSeconds);
        return Median([.. Enumerable.Range(0, Math.Max(1, iterations)).Select(_ => sample())]);
    }

    /// <summary>
    /// Two samplers run alternately (a, b, a, b, …) after <paramref name="warmUp"/>: for a ratio of the two, so that
    /// load that comes and goes during the measurement weighs on both sides alike. Returns each side's median and the
    /// median of the per-pair ratios b / a (robust to a slow stretch that hits one pair).
    /// </summary>
    public static (double A, double B, double RatioBToA) Interleaved(Func<double> a, Func<double> b, int iterations, Action warmUp, double warmUpSeconds = 0)
    {
        WarmUp(warmUp, warmUpSeconds);
        var samples = Enumerable.Range(0, Math.Max(1, iterations)).Select(_ => (A: a(), B: b())).ToList();
        return (Median([.. samples.Select(s => s.A)]), Median([.. samples.Select(s => s.B)]), Median([.. samples.Select(s => s.B / s.A)]));
    }

    /// <summary>Runs <paramref name="warmUp"/> once, then again until <paramref name="seconds"/> have passed.</summary>
    public static void WarmUp(Action warmUp, double seconds)
    {
        var start = Stopwatch.GetTimestamp();
        do
        {
            warmUp();
        }
        while (Stopwatch.GetElapsedTime(start).TotalSeconds < seconds);
    }

    /// <summary>The median (the mean of the middle two for an even count).</summary>
    public static double Median(IEnumerable<double> values)
    {
        var samples = values.ToArray();
        Array.Sort(samples);
        var middle = samples.Length / 2;
        return samples.Length % 2 == 1 ? samples[middle] : (samples[middle - 1] + samples[middle]) / 2;
    }
}

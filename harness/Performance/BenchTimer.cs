using System.Diagnostics;

namespace SvDecode.Eval.Performance;

/// <summary>Times an action: warm-up runs first (allocator, thread pool, lazy init), then the median of the timed runs.</summary>
public static class BenchTimer
{
    /// <summary>Median seconds per call of <paramref name="action"/> over <paramref name="iterations"/> timed calls.</summary>
    public static double MedianSeconds(Action action, int iterations, int warmup = 1) =>
        MedianOf(() =>
        {
            var start = Stopwatch.GetTimestamp();
            action();
            return Stopwatch.GetElapsedTime(start).TotalSeconds;
        }, iterations, warmup);

    /// <summary>
    /// Median of <paramref name="sample"/>'s own timings, for runs with an untimed set-up part (a decode sample times
    /// its steps, not the prefill before them).
    /// </summary>
    public static double MedianOf(Func<double> sample, int iterations, int warmup = 1)
    {
        for (var i = 0; i < warmup; i++)
        {
            _ = sample();
        }
        return Median([.. Enumerable.Range(0, Math.Max(1, iterations)).Select(_ => sample())]);
    }

    /// <summary>
    /// Medians of two samplers run alternately (a, b, a, b, …) after one warm-up each: for a ratio of the two, so that
    /// load that comes and goes during the measurement weighs on both sides alike.
    /// </summary>
    public static (double A, double B) InterleavedMedians(Func<double> a, Func<double> b, int iterations)
    {
        _ = a();
        _ = b();
        var samples = Enumerable.Range(0, Math.Max(1, iterations)).Select(_ => (A: a(), B: b())).ToList();
        return (Median([.. samples.Select(s => s.A)]), Median([.. samples.Select(s => s.B)]));
    }

    private static double Median(double[] samples)
    {
        Array.Sort(samples);
        var middle = samples.Length / 2;
        return samples.Length % 2 == 1 ? samples[middle] : (samples[middle - 1] + samples[middle]) / 2;
    }
}

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
        var samples = new double[Math.Max(1, iterations)];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = sample();
        }
        Array.Sort(samples);
        var middle = samples.Length / 2;
        return samples.Length % 2 == 1 ? samples[middle] : (samples[middle - 1] + samples[middle]) / 2;
    }
}

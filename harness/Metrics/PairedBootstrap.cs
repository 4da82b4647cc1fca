namespace SvDecode.Eval.Metrics;

/// <summary>Seeded percentile bootstrap over items for a paired difference.</summary>
public static class PairedBootstrap
{
    public const int DefaultIterations = 1000;
    public const double DefaultConfidence = 0.95;

    /// <summary>
    /// Resamples the n items with replacement <paramref name="iterations"/> times (System.Random with
    /// <paramref name="seed"/>, so results are reproducible), takes the mean of b − a each time, and returns the
    /// (1−c)/2 and (1+c)/2 quantiles (numpy "linear") of those means as the interval.
    /// </summary>
    public static PairedDifference Compute(IReadOnlyList<double> a, IReadOnlyList<double> b, int iterations = DefaultIterations, int seed = 0, double confidence = DefaultConfidence)
    {
        if (a.Count != b.Count)
        {
            throw new ArgumentException($"A paired difference needs the same items on both sides; got {a.Count} and {b.Count}.");
        }
        if (a.Count == 0)
        {
            throw new ArgumentException("A paired difference needs at least one item.");
        }
        if (iterations < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(iterations), iterations, "At least one bootstrap iteration.");
        }
        if (!(confidence > 0 && confidence < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(confidence), confidence, "The confidence level lies in (0, 1).");
        }
        var differences = a.Select((x, i) => b[i] - x).ToArray();
        var n = differences.Length;
        var random = new Random(seed);
        var means = new double[iterations];
        for (var r = 0; r < iterations; r++)
        {
            var sum = 0.0;
            for (var k = 0; k < n; k++)
            {
                sum += differences[random.Next(n)];
            }
            means[r] = sum / n;
        }
        Array.Sort(means);
        var tail = (1 - confidence) / 2;
        return new PairedDifference(
            differences.Average(),
            StandardError.OfMean(differences),
            Quantiles.QuantileOfSorted(means, tail),
            Quantiles.QuantileOfSorted(means, 1 - tail),
            confidence,
            n,
            iterations,
            seed);
    }
}

using System.Security.Cryptography;
using System.Text;

namespace SvDecode.Eval.Data;

/// <summary>
/// Seeded, question-level splits. Determinism: items are first put in ordinal id order (so the files' order and the
/// platform do not matter), then shuffled with <see cref="SplitMix64"/> seeded from the options. Each resulting set is
/// returned in the data's own order.
/// </summary>
public static class BenchmarkSplitter
{
    public const string ProvidedTrain = "provided-train";
    public const string QuestionLevel = "question-level";

    public static SplitPlan Plan(BenchmarkData data, SplitOptions options)
    {
        options.Validate();
        var test = data.Split(options.TestSplit);
        if (test.Count == 0)
        {
            throw new InputException($"{data.Benchmark}: no items in the '{options.TestSplit}' split (splits present: {string.Join(", ", data.Splits.Where(s => s.Value.Count > 0).Select(s => s.Key))}).");
        }
        if (options.UseProvidedTrain && data.HasSplit(options.TrainSplit))
        {
            var (train, calibration) = CarveCalibration(data.Split(options.TrainSplit), options.CalibrationFraction, options.Seed);
            return Build(ProvidedTrain, options, trainFraction: null, train, calibration, test);
        }
        var shuffled = Shuffled(test, options.Seed);
        var trainCount = Clamp(RoundHalfUp(options.TrainFraction * shuffled.Count), shuffled.Count);
        var pool = shuffled.Take(trainCount).ToList();
        var evaluation = InOrderOf(test, shuffled.Skip(trainCount));
        // A different stream for the calibration slice, so changing calibration_fraction never moves the test set.
        var (warm, calib) = CarveCalibration(pool, options.CalibrationFraction, unchecked(options.Seed * 31 + 7));
        return Build(QuestionLevel, options, options.TrainFraction, warm, calib, evaluation);
    }

    /// <summary>
    /// A merged multi-suite training set like the paper's commonsense mix: every suite's items, shuffled together with the seed.
    /// Ids must be unique across suites (adapters prefix them with the benchmark name).
    /// </summary>
    public static IReadOnlyList<BenchmarkItem> Merge(IEnumerable<IReadOnlyList<BenchmarkItem>> suites, int seed)
    {
        var all = suites.SelectMany(s => s).ToList();
        var duplicate = all.GroupBy(i => i.Id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InputException($"merged training set: item id '{duplicate.Key}' appears more than once.");
        }
        return Shuffled(all, seed);
    }

    private static (IReadOnlyList<BenchmarkItem> Train, IReadOnlyList<BenchmarkItem> Calibration) CarveCalibration(
        IReadOnlyList<BenchmarkItem> pool, double fraction, int seed)
    {
        var shuffled = Shuffled(pool, seed);
        var count = RoundHalfUp(fraction * shuffled.Count);
        if (fraction > 0 && shuffled.Count >= 2)
        {
            count = Clamp(count, shuffled.Count);
        }
        return (InOrderOf(pool, shuffled.Skip(count)), InOrderOf(pool, shuffled.Take(count)));
    }

    private static List<BenchmarkItem> Shuffled(IEnumerable<BenchmarkItem> items, int seed)
    {
        var ordered = items.OrderBy(i => i.Id, StringComparer.Ordinal).ToList();
        new SplitMix64(unchecked((ulong)seed)).Shuffle(ordered);
        return ordered;
    }

    private static List<BenchmarkItem> InOrderOf(IEnumerable<BenchmarkItem> source, IEnumerable<BenchmarkItem> subset)
    {
        var keep = subset.Select(i => i.Id).ToHashSet(StringComparer.Ordinal);
        return source.Where(i => keep.Contains(i.Id)).ToList();
    }

    // At least one item on each side when there are two or more.
    private static int Clamp(int count, int total) => total < 2 ? count : Math.Clamp(count, 1, total - 1);

    private static int RoundHalfUp(double x) => (int)Math.Floor(x + 0.5);

    private static SplitPlan Build(string strategy, SplitOptions options, double? trainFraction,
        IReadOnlyList<BenchmarkItem> train, IReadOnlyList<BenchmarkItem> calibration, IReadOnlyList<BenchmarkItem> test)
    {
        var manifest = new SplitManifest(strategy, options.Seed, trainFraction, options.CalibrationFraction,
            train.Count, calibration.Count, test.Count, IdsHash(train), IdsHash(calibration), IdsHash(test));
        return new SplitPlan(train, calibration, test, manifest);
    }

    private static string IdsHash(IEnumerable<BenchmarkItem> items)
    {
        var joined = string.Join('\n', items.Select(i => i.Id).Order(StringComparer.Ordinal));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(joined)));
    }
}

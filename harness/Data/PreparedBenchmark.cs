namespace SvDecode.Eval.Data;

/// <summary>
/// A benchmark as a run sees it: what its files hold (<see cref="Data"/>), the seeded split (<see cref="Plan"/>, before
/// the prompt format) and the three sets with their final prompts, the test set cut to the limit.
/// </summary>
public sealed record PreparedBenchmark(
    BenchmarkData Data,
    SplitPlan Plan,
    IReadOnlyList<BenchmarkItem> Train,
    IReadOnlyList<BenchmarkItem> Calibration,
    IReadOnlyList<BenchmarkItem> Test)
{
    /// <summary>Loads, splits, applies the limit to the test set, then the prompt format: the one path the dataset stage
    /// and `inspect` share, so inspect shows what a run renders.</summary>
    public static PreparedBenchmark Load(IBenchmark benchmark, BenchmarkLoadRequest request, SplitOptions split, int? limit, PromptFormat format, CancellationToken ct)
        => From(benchmark.Load(request, ct), split, limit, format);

    /// <inheritdoc cref="Load"/>
    public static PreparedBenchmark From(BenchmarkData data, SplitOptions split, int? limit, PromptFormat format)
    {
        var plan = BenchmarkSplitter.Plan(data, split);
        var limited = limit is { } n ? plan.Test.Take(n).ToList() : plan.Test;
        var (train, calibration, test) = format.Apply(plan.Train, plan.Calibration, limited);
        return new PreparedBenchmark(data, plan, train, calibration, test);
    }
}

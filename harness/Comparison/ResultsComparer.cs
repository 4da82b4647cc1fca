using System.Globalization;
using SvDecode.Eval.Metrics;
using SvDecode.Eval.Results;

namespace SvDecode.Eval.Comparison;

/// <summary>
/// The regression gate: matches (benchmark, cell, metric) between a baseline and a current run and judges each change
/// with a paired test on the same items where both runs logged them (McNemar's exact test for 0/1 items, a paired
/// bootstrap otherwise) and a z-test from the two standard errors where not.
/// </summary>
public static class ResultsComparer
{
    /// <summary>Compares two runs; runs of different pipelines cannot be compared (an <see cref="InputException"/>).</summary>
    public static ComparisonReport Compare(ComparisonInput baseline, ComparisonInput current, ComparisonOptions options)
    {
        var notes = new List<string>();
        var b = baseline.Results;
        var c = current.Results;
        if (b.Manifest.PipelineName != c.Manifest.PipelineName)
        {
            throw new InputException(
                $"{current.Path}: pipeline '{c.Manifest.PipelineName}' is not the baseline's '{b.Manifest.PipelineName}' ({baseline.Path}); only runs of one pipeline can be compared");
        }
        if (b.Status != Results.RunStatus.Complete)
        {
            throw new InputException($"{baseline.Path}: the baseline run is {b.Status.ToString().ToLowerInvariant()}, not complete; keep a complete run as the baseline");
        }
        if (b.Manifest.PipelineSha256 != c.Manifest.PipelineSha256)
        {
            notes.Add("The pipeline file changed since the baseline (different SHA-256); metrics are matched by name.");
        }
        if (b.Manifest.Seed != c.Manifest.Seed || b.Manifest.Limit != c.Manifest.Limit)
        {
            notes.Add($"Seed or limit differ (baseline seed {b.Manifest.Seed}, limit {b.Manifest.Limit?.ToString(CultureInfo.InvariantCulture) ?? "none"}; current seed {c.Manifest.Seed}, limit {c.Manifest.Limit?.ToString(CultureInfo.InvariantCulture) ?? "none"}).");
        }
        if (c.Status != Results.RunStatus.Complete)
        {
            notes.Add($"The current run is {c.Status.ToString().ToLowerInvariant()}{(c.Error is null ? "" : $": {c.Error}")}.");
        }
        var before = Index(b);
        var after = Index(c);
        var rows = new List<MetricComparison>();
        foreach (var (key, metric) in before)
        {
            rows.Add(after.TryGetValue(key, out var now)
                ? Judge(key, metric, now, baseline, current, options)
                : new MetricComparison(key.Benchmark, key.Cell, key.Metric, metric.Value, metric.Stderr, null, null, null, "none", null, null, null, null, false, MetricVerdict.Missing));
        }
        foreach (var (key, metric) in after.Where(a => !before.ContainsKey(a.Key)))
        {
            rows.Add(new MetricComparison(key.Benchmark, key.Cell, key.Metric, null, null, metric.Value, metric.Stderr, null, "none", null, null, null, null, false, MetricVerdict.Added));
        }
        var exact = options.Exact ? ExactComparer.Compare(baseline, current, options.ExactTolerance) : null;
        return new ComparisonReport(c.Manifest.PipelineName, RunSummary.Of(baseline), RunSummary.Of(current), options, rows, notes, exact);
    }

    /// <summary>Metrics keyed by (benchmark, cell, metric), in the run's order: benchmarks as listed, then cells.</summary>
    private static Dictionary<(string Benchmark, string Cell, string Metric), MetricValue> Index(Results.RunResults results)
    {
        var index = new Dictionary<(string, string, string), MetricValue>();
        var benchmarks = results.Cells.SelectMany(c => c.Benchmarks.Select(x => x.Id)).Distinct().ToList();
        foreach (var benchmark in benchmarks)
        {
            foreach (var cell in results.Cells)
            {
                foreach (var metric in cell.Benchmarks.Where(x => x.Id == benchmark).SelectMany(x => x.Metrics))
                {
                    index.TryAdd((benchmark, cell.Id, metric.Name), metric);
                }
            }
        }
        return index;
    }

    private static MetricComparison Judge(
        (string Benchmark, string Cell, string Metric) key, MetricValue before, MetricValue after,
        ComparisonInput baseline, ComparisonInput current, ComparisonOptions options)
    {
        var points = MetricScale.PointsPerUnit(key.Metric);
        var delta = (after.Value - before.Value) * points;
        var test = TestOf(key, before, after, baseline, current, options);
        // "Worse" in points: a drop for higher-is-better metrics, a rise for the others.
        var worse = MetricScale.HigherIsBetter(key.Metric) ? -delta : delta;
        MetricVerdict verdict;
        if (delta == 0)
        {
            verdict = MetricVerdict.Unchanged;
        }
        else if (!test.Significant)
        {
            verdict = MetricVerdict.WithinNoise;
        }
        else if (worse < 0)
        {
            verdict = MetricVerdict.Improved;
        }
        else
        {
            verdict = worse > options.MaxDropPoints ? MetricVerdict.Regression : MetricVerdict.WithinTolerance;
        }
        return new MetricComparison(key.Benchmark, key.Cell, key.Metric, before.Value, before.Stderr, after.Value, after.Stderr,
            delta, test.Name, test.PValue, test.CiLow * points, test.CiHigh * points, test.PairedItems, test.Significant && delta != 0, verdict);
    }

    private sealed record TestResult(string Name, double? PValue, double? CiLow, double? CiHigh, int? PairedItems, bool Significant);

    private static TestResult TestOf(
        (string Benchmark, string Cell, string Metric) key, MetricValue before, MetricValue after,
        ComparisonInput baseline, ComparisonInput current, ComparisonOptions options)
    {
        if (Paired(key, baseline, current) is { } paired)
        {
            var (a, b) = paired;
            if (a.Concat(b).All(v => v is 0 or 1))
            {
                var mcnemar = McNemarTest.Compute([.. a.Select(v => v == 1)], [.. b.Select(v => v == 1)]);
                return new TestResult("mcnemar", mcnemar.PValue, null, null, a.Count, mcnemar.PValue < options.Alpha);
            }
            var bootstrap = PairedBootstrap.Compute(a, b, options.BootstrapIterations, options.Seed, 1 - options.Alpha);
            return new TestResult("paired_bootstrap", null, bootstrap.CiLow, bootstrap.CiHigh, a.Count, bootstrap.CiLow > 0 || bootstrap.CiHigh < 0);
        }
        var seBefore = before.Stderr ?? double.NaN;
        var seAfter = after.Stderr ?? double.NaN;
        if (!double.IsFinite(seBefore) || !double.IsFinite(seAfter))
        {
            // No uncertainty on one side (no stderr, or a single item): the size of the change alone decides.
            return new TestResult("none", null, null, null, null, true);
        }
        var spread = Math.Sqrt(seBefore * seBefore + seAfter * seAfter);
        var diff = after.Value - before.Value;
        var p = spread > 0 ? NormalDistribution.TwoSidedP(diff / spread) : diff == 0 ? 1.0 : 0.0;
        return new TestResult("z_test", p, null, null, null, p < options.Alpha);
    }

    /// <summary>The per-item values of both runs on the same items (baseline order), or null when either lacks them or the items differ.</summary>
    private static (IReadOnlyList<double> Before, IReadOnlyList<double> After)? Paired(
        (string Benchmark, string Cell, string Metric) key, ComparisonInput baseline, ComparisonInput current)
    {
        if (baseline.Items is null || current.Items is null
            || !baseline.Items.TryGetValue((key.Cell, key.Benchmark, key.Metric), out var a)
            || !current.Items.TryGetValue((key.Cell, key.Benchmark, key.Metric), out var b)
            || a.ItemIds.Count != b.ItemIds.Count || a.ItemIds.Count == 0)
        {
            return null;
        }
        var byId = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var i = 0; i < b.ItemIds.Count; i++)
        {
            byId[b.ItemIds[i]] = b.Values[i];
        }
        var after = new List<double>(a.ItemIds.Count);
        foreach (var id in a.ItemIds)
        {
            if (!byId.TryGetValue(id, out var value))
            {
                return null;
            }
            after.Add(value);
        }
        return (a.Values, after);
    }
}

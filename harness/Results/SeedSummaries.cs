using SvDecode.Eval.Pipeline;

namespace SvDecode.Eval.Results;

/// <summary>Builds the <see cref="SeedSummary"/> rows of a run: one per cell without its seed, benchmark and metric,
/// for cells that ran under two or more seeds.</summary>
public static class SeedSummaries
{
    public static IReadOnlyList<SeedSummary>? Of(IReadOnlyList<CellResult> cells, IReadOnlyList<PairedDelta> deltas)
    {
        var seeded = cells
            .Select(c => (Result: c, Cell: MatrixCell.Parse(c.Id)))
            .Where(c => c.Cell?.Seed is not null)
            .GroupBy(c => (c.Cell! with { Seed = null }).Id)
            .Where(g => g.Count() >= 2)
            .ToList();
        if (seeded.Count == 0)
        {
            return null;
        }
        var summaries = new List<SeedSummary>();
        foreach (var group in seeded)
        {
            var members = group.OrderBy(c => c.Cell!.Seed).ToList();
            var steered = members[0].Cell!.Steering == Pipeline.Spec.SteeringSwitch.On;
            var units = members.SelectMany(m => m.Result.Benchmarks.SelectMany(b => b.Metrics.Select(x => (b.Id, x.Name)))).Distinct();
            foreach (var (benchmark, metric) in units)
            {
                var seeds = new List<int>();
                var values = new List<double>();
                var deltaValues = new List<double>();
                foreach (var (result, cell) in members)
                {
                    if (result.Benchmarks.FirstOrDefault(b => b.Id == benchmark)?.Metrics.FirstOrDefault(x => x.Name == metric) is not { } value)
                    {
                        continue;
                    }
                    seeds.Add(cell!.Seed!.Value);
                    values.Add(value.Value);
                    var baseline = cell.Unsteered().Id;
                    deltaValues.Add(deltas.FirstOrDefault(d => d.Benchmark == benchmark && d.Metric == metric && d.Cell == result.Id && d.Baseline == baseline)?.Delta ?? double.NaN);
                }
                if (values.Count < 2)
                {
                    continue;
                }
                var (mean, sd) = MeanAndSd(values);
                SeedDeltaSummary? delta = null;
                if (steered && deltaValues.Any(double.IsFinite))
                {
                    var (deltaMean, deltaSd) = MeanAndSd([.. deltaValues.Where(double.IsFinite)]);
                    delta = new SeedDeltaSummary((members[0].Cell!.Unsteered() with { Seed = null }).Id, deltaValues, deltaMean, deltaSd);
                }
                summaries.Add(new SeedSummary(benchmark, metric, group.Key, seeds, values, mean, sd, delta));
            }
        }
        return summaries;
    }

    /// <summary>Mean and sample standard deviation (n − 1; NaN for one value).</summary>
    public static (double Mean, double Sd) MeanAndSd(IReadOnlyList<double> values)
    {
        var mean = values.Average();
        var sd = values.Count < 2 ? double.NaN : Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
        return (mean, sd);
    }
}

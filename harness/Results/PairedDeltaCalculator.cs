using SvDecode.Eval.Metrics;
using SvDecode.Eval.Pipeline;
using SvDecode.Eval.Pipeline.Spec;

namespace SvDecode.Eval.Results;

/// <summary>Pairs every steered cell with the same PEFT method unsteered, metric by metric, on the items both scored.</summary>
public static class PairedDeltaCalculator
{
    public static IReadOnlyList<PairedDelta> Compute(
        IReadOnlyList<(MatrixCell Cell, string Benchmark, IReadOnlyList<ItemScores> Scores)> units, int iterations, int seed)
    {
        var deltas = new List<PairedDelta>();
        foreach (var steered in units.Where(u => u.Cell.Steering == SteeringSwitch.On))
        {
            var baseline = units.FirstOrDefault(u => u.Benchmark == steered.Benchmark && u.Cell == steered.Cell with { Steering = SteeringSwitch.Off });
            if (baseline.Cell is null)
            {
                continue;
            }
            foreach (var scores in steered.Scores)
            {
                var reference = baseline.Scores.FirstOrDefault(s => s.Metric == scores.Metric);
                if (reference is null || !reference.ItemIds.SequenceEqual(scores.ItemIds) || scores.Values.Count == 0)
                {
                    continue;
                }
                var d = PairedBootstrap.Compute(reference.Values, scores.Values, iterations, seed);
                deltas.Add(new PairedDelta(steered.Benchmark, scores.Metric, baseline.Cell.Id, steered.Cell.Id,
                    d.MeanDifference, d.StdErr, d.CiLow, d.CiHigh, d.Confidence, d.Count, d.Iterations, d.Seed));
            }
        }
        return deltas;
    }
}

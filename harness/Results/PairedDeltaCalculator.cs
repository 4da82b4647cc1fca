using SvDecode.Eval.Metrics;
using SvDecode.Eval.Pipeline;
using SvDecode.Eval.Pipeline.Spec;

namespace SvDecode.Eval.Results;

/// <summary>
/// Paired differences, metric by metric, on the items both cells scored: every steered cell against the same adapter
/// unsteered (same PEFT method and seed), and, when the matrix has peft: none, every adapted cell against the
/// pre-trained model.
/// </summary>
public static class PairedDeltaCalculator
{
    public static IReadOnlyList<PairedDelta> Compute(
        IReadOnlyList<(MatrixCell Cell, string Benchmark, IReadOnlyList<ItemScores> Scores)> units, int iterations, int seed)
    {
        var deltas = new List<PairedDelta>();
        var pretrained = new MatrixCell(MatrixPeft.None, SteeringSwitch.Off);
        foreach (var steered in units.Where(u => u.Cell.Steering == SteeringSwitch.On))
        {
            Add(deltas, units, steered, steered.Cell.Unsteered(), iterations, seed);
        }
        foreach (var adapted in units.Where(u => u.Cell.Peft != MatrixPeft.None))
        {
            Add(deltas, units, adapted, pretrained, iterations, seed);
        }
        return deltas;
    }

    private static void Add(
        List<PairedDelta> deltas, IReadOnlyList<(MatrixCell Cell, string Benchmark, IReadOnlyList<ItemScores> Scores)> units,
        (MatrixCell Cell, string Benchmark, IReadOnlyList<ItemScores> Scores) unit, MatrixCell baselineCell, int iterations, int seed)
    {
        var baseline = units.FirstOrDefault(u => u.Benchmark == unit.Benchmark && u.Cell == baselineCell);
        if (baseline.Cell is null)
        {
            return;
        }
        foreach (var scores in unit.Scores)
        {
            var reference = baseline.Scores.FirstOrDefault(s => s.Metric == scores.Metric);
            if (reference is null || !reference.ItemIds.SequenceEqual(scores.ItemIds) || scores.Values.Count == 0)
            {
                continue;
            }
            var d = PairedBootstrap.Compute(reference.Values, scores.Values, iterations, seed);
            deltas.Add(new PairedDelta(unit.Benchmark, scores.Metric, baseline.Cell.Id, unit.Cell.Id,
                d.MeanDifference, d.StdErr, d.CiLow, d.CiHigh, d.Confidence, d.Count, d.Iterations, d.Seed));
        }
    }
}

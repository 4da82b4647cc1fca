using SvDecode.Eval.Metrics;

namespace SvDecode.Eval.Comparison;

/// <summary>
/// `compare --exact`: for a deterministic pipeline the same code gives the same per-item scores, so any difference
/// between the baseline's and the current item_scores.jsonl is a change of behaviour, however small its effect on a
/// mean. Compares every (cell, benchmark, metric) of either run item by item.
/// </summary>
public static class ExactComparer
{
    /// <summary>Both runs need item_scores.jsonl (run with --log-items); without it there is nothing exact to compare.</summary>
    public static ExactComparison Compare(ComparisonInput baseline, ComparisonInput current, double tolerance)
    {
        var before = Require(baseline);
        var after = Require(current);
        var changes = new List<ItemChange>();
        var compared = 0;
        foreach (var (key, scores) in before)
        {
            var now = after.TryGetValue(key, out var found) ? ById(found) : [];
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < scores.ItemIds.Count; i++)
            {
                var id = scores.ItemIds[i];
                seen.Add(id);
                if (!now.TryGetValue(id, out var value))
                {
                    changes.Add(new ItemChange(key.Benchmark, key.Cell, key.Metric, id, scores.Values[i], null));
                    continue;
                }
                compared++;
                if (!Same(scores.Values[i], value, tolerance))
                {
                    changes.Add(new ItemChange(key.Benchmark, key.Cell, key.Metric, id, scores.Values[i], value));
                }
            }
            changes.AddRange(now.Where(n => !seen.Contains(n.Key))
                .Select(n => new ItemChange(key.Benchmark, key.Cell, key.Metric, n.Key, null, n.Value)));
        }
        foreach (var (key, scores) in after.Where(a => !before.ContainsKey(a.Key)))
        {
            changes.AddRange(scores.ItemIds.Select((id, i) => new ItemChange(key.Benchmark, key.Cell, key.Metric, id, null, scores.Values[i])));
        }
        return new ExactComparison(compared, tolerance, changes);
    }

    /// <summary>Equal as written (NaN equals NaN: an item that had no value still has none), or within the tolerance.</summary>
    private static bool Same(double before, double after, double tolerance) =>
        before.Equals(after) || Math.Abs(after - before) <= tolerance;

    private static IReadOnlyDictionary<(string Cell, string Benchmark, string Metric), ItemScores> Require(ComparisonInput input) =>
        input.Items ?? throw new InputException(
            $"{input.Path}: --exact compares per-item scores, and there is no {Results.ItemScoreLog.FileName} beside it (run with --log-items)");

    private static Dictionary<string, double> ById(ItemScores scores)
    {
        var byId = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var i = 0; i < scores.ItemIds.Count; i++)
        {
            byId[scores.ItemIds[i]] = scores.Values[i];
        }
        return byId;
    }
}

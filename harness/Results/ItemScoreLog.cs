using System.Text;
using System.Text.Json;
using SvDecode.Eval.Metrics;
using SvDecode.Eval.Results;

namespace SvDecode.Eval.Results;

/// <summary>
/// item_scores.jsonl beside results.json (written with --log-items): one <see cref="ItemScoreLine"/> per item, in the
/// order the score stage scored them. `compare` reads it back for paired tests.
/// </summary>
public static class ItemScoreLog
{
    public const string FileName = "item_scores.jsonl";

    public static string Render(IEnumerable<UnitItemLog> units)
    {
        var sb = new StringBuilder();
        foreach (var unit in units)
        {
            // item id → metric → value, keeping the first metric's item order.
            var items = new Dictionary<string, SortedDictionary<string, double>>(StringComparer.Ordinal);
            var order = new List<string>();
            foreach (var scores in unit.Scores)
            {
                for (var i = 0; i < scores.ItemIds.Count; i++)
                {
                    if (!items.TryGetValue(scores.ItemIds[i], out var metrics))
                    {
                        items[scores.ItemIds[i]] = metrics = new SortedDictionary<string, double>(StringComparer.Ordinal);
                        order.Add(scores.ItemIds[i]);
                    }
                    metrics[scores.Metric] = scores.Values[i];
                }
            }
            foreach (var id in order)
            {
                sb.Append(JsonSerializer.Serialize(new ItemScoreLine(unit.Cell, unit.Benchmark, id, items[id]), Json.Canonical)).Append('\n');
            }
        }
        return sb.ToString();
    }

    /// <summary>The per-item values of every (cell, benchmark, metric) in a log, in file order.</summary>
    public static IReadOnlyDictionary<(string Cell, string Benchmark, string Metric), ItemScores> Read(string path)
    {
        var ids = new Dictionary<(string, string, string), (List<string> Ids, List<double> Values)>();
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            ItemScoreLine? entry;
            try
            {
                entry = JsonSerializer.Deserialize<ItemScoreLine>(line, Json.Options);
            }
            catch (JsonException ex)
            {
                throw new InputException($"{path}, line {number}: not an item score line ({ex.Message})");
            }
            if (entry is null || entry.Cell is null || entry.Benchmark is null || entry.Item is null || entry.Scores is null)
            {
                throw new InputException($"{path}, line {number}: an item score line needs cell, benchmark, item and scores");
            }
            foreach (var (metric, value) in entry.Scores)
            {
                var key = (entry.Cell, entry.Benchmark, metric);
                if (!ids.TryGetValue(key, out var list))
                {
                    ids[key] = list = ([], []);
                }
                list.Ids.Add(entry.Item);
                list.Values.Add(value);
            }
        }
        return ids.ToDictionary(p => p.Key, p => new ItemScores(p.Key.Item3, p.Value.Ids, p.Value.Values));
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;
using SvDecode.Eval.Metrics;

namespace SvDecode.Eval.Results;

/// <summary>
/// A benchmark's metrics per item group (MMLU subject, TruthfulQA category, a JSONL file's `group`): the mean and
/// standard error of each metric's per-item values over the items of each group, exactly as the whole benchmark's
/// (<see cref="MetricSummary"/>). The groups come from the score stage's items.jsonl, so a reused or merged unit gets
/// them the same way; null when no item carries a group.
/// </summary>
public static class GroupBreakdown
{
    /// <param name="scores">The unit's per-item values, one entry per metric.</param>
    /// <param name="itemOutputsPath">The score stage's items.jsonl (null: none written).</param>
    public static IReadOnlyDictionary<string, IReadOnlyList<MetricValue>>? Of(IReadOnlyList<ItemScores> scores, string? itemOutputsPath)
    {
        var groups = itemOutputsPath is null ? [] : ReadGroups(itemOutputsPath);
        if (groups.Count == 0)
        {
            return null;
        }
        var byGroup = new SortedDictionary<string, List<MetricValue>>(StringComparer.Ordinal);
        foreach (var metric in scores)
        {
            var values = metric.ItemIds.Select((id, k) => (Group: groups.GetValueOrDefault(id), Value: metric.Values[k]))
                .Where(v => v.Group is not null)
                .GroupBy(v => v.Group!, StringComparer.Ordinal);
            foreach (var group in values)
            {
                var summary = MetricSummary.Of(metric.Metric, [.. group.Select(v => v.Value)]);
                if (!byGroup.TryGetValue(group.Key, out var list))
                {
                    byGroup[group.Key] = list = [];
                }
                list.Add(new MetricValue(summary.Name, summary.Mean, summary.StdErr, summary.Count));
            }
        }
        return byGroup.Count == 0 ? null : byGroup.ToDictionary(g => g.Key, g => (IReadOnlyList<MetricValue>)g.Value, StringComparer.Ordinal);
    }

    /// <summary>doc_id → group of every items.jsonl line that has both (lines of an older score stage have neither).</summary>
    private static Dictionary<string, string> ReadGroups(string path)
    {
        var groups = new Dictionary<string, string>(StringComparer.Ordinal);
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            JsonNode? node;
            try
            {
                node = JsonNode.Parse(line);
            }
            catch (JsonException ex)
            {
                throw new InputException($"{path}, line {number}: not a JSON item output ({ex.Message})");
            }
            if (node is JsonObject item && item["doc_id"] is JsonValue id && id.TryGetValue<string>(out var docId)
                && item["group"] is JsonValue group && group.TryGetValue<string>(out var name))
            {
                groups[docId] = name;
            }
        }
        return groups;
    }
}

using System.Text;
using System.Text.Json.Nodes;
using SvDecode.Eval.Metrics;

namespace SvDecode.Eval.Results;

/// <summary>
/// --log-items: item_scores.jsonl (every metric per item) and items.jsonl (the score stage's per-item outputs, each
/// line prefixed with its cell and benchmark and followed by the item's metric values, so one line says what the model
/// saw, did and scored) beside results.json. Without --log-items it removes both, so a stale log never pairs with
/// newer results.
/// </summary>
public sealed class ItemLogExporter : IResultsExporter
{
    /// <summary>The run's per-item outputs: every unit's artifact outputs, each line prefixed with cell and benchmark.</summary>
    public const string OutputsFileName = "items.jsonl";

    public string Name => "items";

    public IReadOnlyList<string> Files => [ItemScoreLog.FileName, OutputsFileName];

    public void Export(RunResults results, string outputDirectory)
    {
        var scores = Path.Combine(outputDirectory, ItemScoreLog.FileName);
        var outputs = Path.Combine(outputDirectory, OutputsFileName);
        if (!results.Manifest.LogItems)
        {
            File.Delete(scores);
            File.Delete(outputs);
            return;
        }
        AtomicFile.WriteAllText(scores, ItemScoreLog.Render(results.ItemLogs));
        AtomicFile.WriteAllText(outputs, RenderOutputs(results.ItemLogs));
    }

    private static string RenderOutputs(IEnumerable<UnitItemLog> units)
    {
        var sb = new StringBuilder();
        foreach (var unit in units.Where(u => u.OutputsPath is not null))
        {
            var metrics = MetricsByItem(unit.Scores);
            foreach (var line in File.ReadLines(unit.OutputsPath!).Where(l => !string.IsNullOrWhiteSpace(l)))
            {
                var labelled = new JsonObject { ["cell"] = unit.Cell, ["benchmark"] = unit.Benchmark };
                if (JsonNode.Parse(line) is JsonObject item)
                {
                    foreach (var (key, value) in item.ToList())
                    {
                        item.Remove(key);
                        labelled[key] = value;
                    }
                    if (labelled["doc_id"] is JsonValue id && id.TryGetValue<string>(out var docId) && metrics.TryGetValue(docId, out var values))
                    {
                        labelled["metrics"] = values;
                    }
                }
                else
                {
                    labelled["item"] = JsonNode.Parse(line);
                }
                sb.Append(labelled.ToJsonString(Json.Canonical)).Append('\n');
            }
        }
        return sb.ToString();
    }

    /// <summary>doc_id → {metric: value} of one unit (a fresh object per item, as a JSON node has one parent).</summary>
    private static Dictionary<string, JsonObject> MetricsByItem(IEnumerable<ItemScores> scores)
    {
        var byItem = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var metric in scores)
        {
            for (var k = 0; k < metric.ItemIds.Count; k++)
            {
                if (!byItem.TryGetValue(metric.ItemIds[k], out var values))
                {
                    byItem[metric.ItemIds[k]] = values = [];
                }
                values[metric.Metric] = metric.Values[k];
            }
        }
        return byItem;
    }
}

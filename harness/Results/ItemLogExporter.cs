using System.Text;
using System.Text.Json.Nodes;

namespace SvDecode.Eval.Results;

/// <summary>
/// --log-items: item_scores.jsonl (every metric per item) and items.jsonl (the score stage's per-item outputs, each
/// line prefixed with its cell and benchmark) beside results.json. Without --log-items it removes both, so a stale
/// log never pairs with newer results.
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
}

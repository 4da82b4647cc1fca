using System.Text.Json;
using SvDecode.Eval.Data;

namespace SvDecode.Eval.Benchmarks.TruthfulQa;

/// <summary>One mc_task.json entry: answers with labels, in the file's key order.</summary>
public sealed record TruthfulQaMcEntry(int Line, string Question, IReadOnlyList<(string Answer, int Label)> Mc1, IReadOnlyList<(string Answer, int Label)> Mc2);

/// <summary>
/// Reads mc_task.json: a JSON array of {"question", "mc1_targets": {answer: 0/1}, "mc2_targets": {answer: 0/1}}.
/// Key order matters (MC1's true answer is the first key), so objects are enumerated, never deserialised to a dictionary.
/// </summary>
public static class TruthfulQaMcTask
{
    public static IReadOnlyList<TruthfulQaMcEntry> Read(DataFile file, BadRowPolicy policy)
    {
        var entries = new List<TruthfulQaMcEntry>();
        foreach (var row in JsonArrayReader.Read(file))
        {
            var entry = policy.Row(file.Path, row.Line, () =>
            {
                var question = row.RequiredString("question").Trim();
                var mc1 = Targets(row, "mc1_targets");
                var mc2 = Targets(row, "mc2_targets");
                if (mc1[0].Label != 1 || mc1.Count(t => t.Label == 1) != 1)
                {
                    throw new BadRowException("mc1_targets must have exactly one true answer, and it must be the first key.");
                }
                if (mc2.All(t => t.Label == 0) || mc2.All(t => t.Label == 1))
                {
                    throw new BadRowException("mc2_targets must have at least one true and one false answer.");
                }
                return new TruthfulQaMcEntry(row.Line, question, mc1, mc2);
            });
            if (entry is not null)
            {
                entries.Add(entry);
            }
        }
        return entries;
    }

    private static List<(string Answer, int Label)> Targets(JsonRow row, string field)
    {
        if (!row.Value.TryGetProperty(field, out var targets) || targets.ValueKind != JsonValueKind.Object)
        {
            throw new BadRowException($"missing object field '{field}'.");
        }
        var list = new List<(string Answer, int Label)>();
        foreach (var property in targets.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.Number || !property.Value.TryGetInt32(out var label) || label is not (0 or 1))
            {
                throw new BadRowException($"{field}['{property.Name}'] must be 0 or 1.");
            }
            if (list.Any(t => t.Answer == property.Name))
            {
                throw new BadRowException($"{field} repeats the answer '{property.Name}'.");
            }
            list.Add((property.Name, label));
        }
        if (list.Count < 2)
        {
            throw new BadRowException($"{field} needs at least two answers.");
        }
        return list;
    }
}

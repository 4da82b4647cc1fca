using System.Text.Json;
using SvDecode.Eval.Data;
using SvDecode.Eval.Platform;
using SvDecode.Eval.Tokenization;

namespace SvDecode.Eval.Calibration;

/// <summary>
/// Reads the `calibrate` command's JSONL: one object per line, either {"prompt_ids": [...], "target_ids": [...]} or
/// {"prompt": "...", "target": "..."} (text needs a tokenizer). Ids are used exactly as given; a text target is
/// tokenised as the warm-start trains on it, with the tokenizer's EOS appended (method.md §9). Blank lines are
/// ignored; anything else malformed is an <see cref="InputException"/> naming the file, line and field.
/// </summary>
public static class CalibrationFile
{
    public static IReadOnlyList<CalibrationExample> Read(string path, ITextTokenizer? tokenizer, int vocabSize)
    {
        InputPath.RequireReadableFile(path, "calibration data file", notFound: $"{path}: calibration data file not found.");
        var examples = new List<CalibrationExample>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            var where = $"{path}:{lineNumber}";
            JsonElement root;
            try
            {
                using var document = JsonDocument.Parse(line);
                root = document.RootElement.Clone();
            }
            catch (JsonException ex)
            {
                throw new InputException($"{where}: not a JSON object ({ex.Message}).", ex);
            }
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new InputException($"{where}: expected a JSON object with prompt_ids/target_ids or prompt/target.");
            }
            examples.Add(root.TryGetProperty("prompt_ids", out _) || root.TryGetProperty("target_ids", out _)
                ? new CalibrationExample(Ids(root, "prompt_ids", where, vocabSize), Ids(root, "target_ids", where, vocabSize))
                : FromText(root, where, tokenizer));
        }
        if (examples.Count == 0)
        {
            throw new InputException($"{path}: no calibration examples (the file is empty).");
        }
        return examples;
    }

    private static CalibrationExample FromText(JsonElement root, string where, ITextTokenizer? tokenizer)
    {
        var prompt = Text(root, "prompt", where);
        var target = Text(root, "target", where);
        if (tokenizer is null)
        {
            throw new InputException($"{where}: text examples need a tokenizer in the model folder (or give prompt_ids/target_ids).");
        }
        // Text targets are the warm-start's training targets: the answer tokens, then EOS (method.md §9).
        var example = CalibrationExample.FromWarmStart(tokenizer, new WarmStartExample(prompt, target));
        var answerTokens = example.TargetIds.Count - (tokenizer.EosTokenId is null ? 0 : 1);
        if (example.PromptIds.Count == 0 || answerTokens == 0)
        {
            throw new InputException($"{where}: prompt and target must each encode to at least one token.");
        }
        return example;
    }

    private static string Text(JsonElement root, string field, string where) =>
        root.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new InputException($"{where}: field '{field}' is missing or not a string.");

    private static IReadOnlyList<int> Ids(JsonElement root, string field, string where, int vocabSize)
    {
        if (!root.TryGetProperty(field, out var value) || value.ValueKind != JsonValueKind.Array)
        {
            throw new InputException($"{where}: field '{field}' is missing or not an array of token ids.");
        }
        var ids = new List<int>();
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt32(out var id) || id < 0 || id >= vocabSize)
            {
                throw new InputException($"{where}: {field} holds {item.GetRawText()}, not a token id in [0, {vocabSize}).");
            }
            ids.Add(id);
        }
        if (ids.Count == 0)
        {
            throw new InputException($"{where}: {field} is empty; it needs at least one token id.");
        }
        return ids;
    }
}

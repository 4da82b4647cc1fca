using System.Text.Json;

namespace SvDecode.Eval.Data;

/// <summary>
/// Reads JSONL: one JSON value per non-blank line. A line that is not valid JSON, or longer than
/// <see cref="MaxLineChars"/>, is a bad row (skippable).
/// </summary>
public static class JsonLinesReader
{
    /// <summary>The longest row read: a question with its choices and references fits in far less.</summary>
    public const int MaxLineChars = 1 << 20;

    public static IReadOnlyList<JsonRow> Read(DataFile file, BadRowPolicy policy)
    {
        var rows = new List<JsonRow>();
        var lines = file.Text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var text = lines[i].TrimEnd('\r');
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }
            if (text.Length > MaxLineChars)
            {
                policy.Bad(file.Path, i + 1, $"the line is {text.Length:N0} characters long; a row may be at most {MaxLineChars:N0}");
                continue;
            }
            try
            {
                using var document = JsonDocument.Parse(text);
                rows.Add(new JsonRow(i + 1, document.RootElement.Clone()));
            }
            catch (JsonException e)
            {
                policy.Bad(file.Path, i + 1, $"invalid JSON ({e.Message})");
            }
        }
        return rows;
    }
}

using System.Text.Json;

namespace SvDecode.Eval.Data;

/// <summary>
/// Reads a file holding one JSON array (the LLM-Adapters format) element by element, remembering the line each element
/// starts on so a bad row can be named "file:line". A syntax error cannot be skipped (the array's structure is lost).
/// </summary>
public static class JsonArrayReader
{
    public static IReadOnlyList<JsonRow> Read(DataFile file)
    {
        var rows = new List<JsonRow>();
        var reader = new Utf8JsonReader(file.Bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
            {
                throw new InputException($"{file.Path}:{file.LineAt(reader.TokenStartIndex)}: expected a JSON array of objects, found {reader.TokenType}.");
            }
            var line = 1;
            long counted = 0;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                // Count newlines only since the previous element: O(file) overall.
                line += file.Bytes.AsSpan((int)counted, (int)(reader.TokenStartIndex - counted)).Count((byte)'\n');
                counted = reader.TokenStartIndex;
                using var document = JsonDocument.ParseValue(ref reader);
                rows.Add(new JsonRow(line, document.RootElement.Clone()));
            }
            if (reader.TokenType != JsonTokenType.EndArray)
            {
                throw new InputException($"{file.Path}: the JSON array is not closed.");
            }
            if (reader.Read())
            {
                throw new InputException($"{file.Path}:{file.LineAt(reader.TokenStartIndex)}: unexpected content after the JSON array.");
            }
        }
        catch (JsonException e)
        {
            throw new InputException($"{file.Path}:{(e.LineNumber ?? 0) + 1}: invalid JSON ({e.Message})", e);
        }
        return rows;
    }
}

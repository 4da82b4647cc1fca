using System.Text.Json;

namespace SvDecode.Eval.Tokenization;

/// <summary>Reads a JSON file and its fields, turning every problem into an <see cref="InputException"/> naming the file and the field.</summary>
internal sealed class JsonFile
{
    private JsonFile(string path, JsonElement root)
    {
        Path = path;
        Root = root;
    }

    public string Path { get; }

    public JsonElement Root { get; }

    public static JsonFile Load(string path)
    {
        try
        {
            // Decode strictly first: System.Text.Json checks UTF-8 inside strings only when a string is read, and then
            // throws InvalidOperationException from deep inside the tokenizer mapping.
            var text = StrictUtf8(path, File.ReadAllBytes(path));
            using var document = JsonDocument.Parse(text, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            return new JsonFile(path, document.RootElement.Clone());
        }
        catch (JsonException ex)
        {
            var line = ex.LineNumber is { } l ? l + 1 : 0;
            var position = ex.BytePositionInLine is { } p ? p + 1 : 0;
            throw new InputException($"{path}: malformed JSON at line {line}, position {position}: {ex.Message}", ex);
        }
        catch (IOException ex)
        {
            throw new InputException($"{path}: cannot read the file: {ex.Message}", ex);
        }
    }

    private static string StrictUtf8(string path, byte[] bytes)
    {
        try
        {
            return new System.Text.UTF8Encoding(false, true).GetString(bytes);
        }
        catch (System.Text.DecoderFallbackException ex)
        {
            var line = 1 + bytes.AsSpan(0, Math.Max(0, ex.Index)).Count((byte)'\n');
            throw new InputException($"{path}: invalid UTF-8 at line {line} (byte {ex.Index})", ex);
        }
    }

    public InputException Error(string field, string problem) => new($"{Path}: field '{field}': {problem}");

    /// <summary>The member <paramref name="name"/> of <paramref name="parent"/>, or null when absent or JSON null.</summary>
    public static JsonElement? Get(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value
            : null;

    public JsonElement Require(JsonElement parent, string name, string field, JsonValueKind kind)
    {
        var value = Get(parent, name) ?? throw Error(field, "is missing");
        if (value.ValueKind != kind)
        {
            throw Error(field, $"must be a JSON {kind.ToString().ToLowerInvariant()}, found {value.ValueKind.ToString().ToLowerInvariant()}");
        }
        return value;
    }

    public string? String(JsonElement parent, string name, string field)
    {
        var value = Get(parent, name);
        return value switch
        {
            null => null,
            { ValueKind: JsonValueKind.String } v => v.GetString(),
            _ => throw Error(field, $"must be a string, found {value.Value.ValueKind.ToString().ToLowerInvariant()}"),
        };
    }

    public string RequireString(JsonElement parent, string name, string field) =>
        String(parent, name, field) ?? throw Error(field, "is missing");

    public bool? Bool(JsonElement parent, string name, string field)
    {
        var value = Get(parent, name);
        return value switch
        {
            null => null,
            { ValueKind: JsonValueKind.True } => true,
            { ValueKind: JsonValueKind.False } => false,
            _ => throw Error(field, $"must be true or false, found {value.Value.ValueKind.ToString().ToLowerInvariant()}"),
        };
    }

    public int RequireInt(JsonElement parent, string name, string field)
    {
        var value = Require(parent, name, field, JsonValueKind.Number);
        return value.TryGetInt32(out var result) ? result : throw Error(field, $"must be an integer, found {value.GetRawText()}");
    }

    public int? Int(JsonElement parent, string name, string field) =>
        Get(parent, name) is null ? null : RequireInt(parent, name, field);
}

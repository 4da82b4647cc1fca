using System.Text.Json;
using SvDecode.Eval.Platform;

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
        InputPath.RequireReadableFile(path, System.IO.Path.GetFileName(path));
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

    /// <summary>The fields of an object in the file, each named in errors by the label a caller gives
    /// (tokenizer.json paths such as "model.merges").</summary>
    private JsonFields Fields(JsonElement parent, string field) => new(parent, (_, problem) => Error(field, problem));

    /// <summary>The member <paramref name="name"/> of <paramref name="parent"/>, or null when absent or JSON null.</summary>
    public static JsonElement? Get(JsonElement parent, string name) => JsonFields.Member(parent, name);

    public JsonElement Require(JsonElement parent, string name, string field, JsonValueKind kind)
    {
        var value = Get(parent, name) ?? throw Error(field, "missing");
        if (value.ValueKind != kind)
        {
            throw Error(field, $"expected a JSON {kind.ToString().ToLowerInvariant()}, found {JsonFields.Describe(value)}");
        }
        return value;
    }

    public string? String(JsonElement parent, string name, string field) => Fields(parent, field).OptionalString(name);

    public string RequireString(JsonElement parent, string name, string field) => Fields(parent, field).RequiredString(name);

    public bool? Bool(JsonElement parent, string name, string field) => Fields(parent, field).OptionalBool(name);

    public int RequireInt(JsonElement parent, string name, string field) => Fields(parent, field).RequiredInt(name);

    public int? Int(JsonElement parent, string name, string field) => Fields(parent, field).OptionalInt(name);
}

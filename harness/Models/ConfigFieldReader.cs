using System.Text.Json;

namespace SvDecode.Eval.Models;

/// <summary>Typed, range-checked access to config.json fields; every failure names the file and the field.</summary>
internal sealed class ConfigFieldReader(JsonElement root, string source, string prefix = "")
{
    public InputException Error(string field, string what) => new($"{source}: field \"{prefix}{field}\": {what}.");

    public ConfigFieldReader Nested(JsonElement element, string name) => new(element, source, $"{prefix}{name}.");

    private JsonElement? Get(string field) =>
        root.TryGetProperty(field, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    public int PositiveInt(string field) => OptionalPositiveInt(field) ?? throw Error(field, "missing");

    public int? OptionalPositiveInt(string field)
    {
        if (Get(field) is not { } value)
        {
            return null;
        }
        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) && n > 0
            ? n
            : throw Error(field, $"expected a positive integer, got {value.GetRawText()}");
    }

    public double? OptionalPositiveDouble(string field)
    {
        if (Get(field) is not { } value)
        {
            return null;
        }
        return value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var x) && x > 0 && double.IsFinite(x)
            ? x
            : throw Error(field, $"expected a positive number, got {value.GetRawText()}");
    }

    public bool? OptionalBool(string field)
    {
        if (Get(field) is not { } value)
        {
            return null;
        }
        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Error(field, $"expected true or false, got {value.GetRawText()}"),
        };
    }

    public string? OptionalString(string field)
    {
        if (Get(field) is not { } value)
        {
            return null;
        }
        return value.ValueKind == JsonValueKind.String ? value.GetString() : throw Error(field, $"expected a string, got {value.GetRawText()}");
    }

    public JsonElement? OptionalObject(string field)
    {
        if (Get(field) is not { } value)
        {
            return null;
        }
        return value.ValueKind == JsonValueKind.Object ? value : throw Error(field, $"expected an object or null, got {value.GetRawText()}");
    }

    public IReadOnlyList<string>? OptionalStringArray(string field)
    {
        if (Get(field) is not { } value)
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
        {
            throw Error(field, $"expected an array of strings, got {value.GetRawText()}");
        }
        return value.EnumerateArray().Select(e => e.GetString()!).ToList();
    }

    /// <summary>A token id or a list of them (Llama 3 lists several eos ids).</summary>
    public IReadOnlyList<int>? OptionalTokenIds(string field)
    {
        if (Get(field) is not { } value)
        {
            return null;
        }
        static bool IsId(JsonElement e) => e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out var n) && n >= 0;
        if (IsId(value))
        {
            return [value.GetInt32()];
        }
        if (value.ValueKind == JsonValueKind.Array && value.GetArrayLength() > 0 && value.EnumerateArray().All(IsId))
        {
            return value.EnumerateArray().Select(e => e.GetInt32()).ToList();
        }
        throw Error(field, $"expected a token id or a list of ids, got {value.GetRawText()}");
    }
}

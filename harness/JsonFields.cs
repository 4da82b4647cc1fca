using System.Text.Json;

namespace SvDecode.Eval;

/// <summary>
/// Typed, checked access to the members of one JSON object: the one field reader behind every JSON input (config.json,
/// tokenizer files, adapter_config.json, data rows). An absent member and JSON null both read as "not set"; a member of
/// the wrong type or range is an error worded here, once, and raised through <paramref name="error"/>, which says how
/// the document names a field (file and quoting, or a data row) — those forms are what users already see in messages.
/// </summary>
/// <param name="element">The object whose members are read.</param>
/// <param name="error">Makes the exception for (field, problem); the field includes <paramref name="prefix"/>.</param>
/// <param name="prefix">Prepended to member names in errors ("rope_scaling."), for nested objects.</param>
public sealed class JsonFields(JsonElement element, Func<string, string, Exception> error, string prefix = "")
{
    public JsonElement Element => element;

    /// <summary>The fields of a nested object, named "<paramref name="name"/>.member" in errors.</summary>
    public JsonFields Nested(JsonElement child, string name) => new(child, error, $"{prefix}{name}.");

    /// <summary>An error about a member (or a custom field label), worded by the document's convention.</summary>
    public Exception Error(string field, string problem) => error(prefix + field, problem);

    /// <summary>The member, or null when it is absent or JSON null (or the element is not an object).</summary>
    public JsonElement? Get(string name) => Member(element, name);

    /// <summary>The member <paramref name="name"/> of <paramref name="parent"/>, or null when absent or JSON null.</summary>
    public static JsonElement? Member(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value
            : null;

    public void RequireObject()
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw error(prefix.TrimEnd('.'), $"expected a JSON object, found {Describe(element)}");
        }
    }

    public string RequiredString(string name) => OptionalString(name) ?? throw Missing(name);

    public string? OptionalString(string name) => Get(name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.String } v => v.GetString(),
        { } v => throw Wrong(name, "a string", v),
    };

    public bool? OptionalBool(string name) => Get(name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.True } => true,
        { ValueKind: JsonValueKind.False } => false,
        { } v => throw Wrong(name, "true or false", v),
    };

    public int RequiredInt(string name) => OptionalInt(name) ?? throw Missing(name);

    public int? OptionalInt(string name) => Get(name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.Number } v when v.TryGetInt32(out var n) => n,
        { ValueKind: JsonValueKind.Number } v when v.TryGetDouble(out var d) && d == Math.Floor(d) && d is >= int.MinValue and <= int.MaxValue => (int)d,
        { } v => throw Wrong(name, "an integer", v),
    };

    public int PositiveInt(string name) => OptionalPositiveInt(name) ?? throw Missing(name);

    public int? OptionalPositiveInt(string name) => OptionalInt(name) switch
    {
        null => null,
        > 0 and var n => n,
        _ => throw Wrong(name, "a positive integer", Get(name)!.Value),
    };

    public double? OptionalNumber(string name) => Get(name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.Number } v when v.TryGetDouble(out var x) && double.IsFinite(x) => x,
        { } v => throw Wrong(name, "a number", v),
    };

    public double? OptionalPositiveDouble(string name) => OptionalNumber(name) switch
    {
        null => null,
        > 0 and var x => x,
        _ => throw Wrong(name, "a positive number", Get(name)!.Value),
    };

    public JsonElement? OptionalObject(string name) => Get(name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.Object } v => v,
        { } v => throw Wrong(name, "an object or null", v),
    };

    public IReadOnlyList<string>? OptionalStringArray(string name)
    {
        if (Get(name) is not { } value)
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.Array)
        {
            throw Wrong(name, "an array of strings", value);
        }
        var values = new List<string>(value.GetArrayLength());
        foreach (var item in value.EnumerateArray())
        {
            values.Add(item.ValueKind == JsonValueKind.String
                ? item.GetString()!
                : throw error(prefix + name, $"expected an array of strings, found an element that is {Describe(item)}"));
        }
        return values;
    }

    /// <summary>A token id or a non-empty list of them (Llama 3 lists several eos ids).</summary>
    public IReadOnlyList<int>? OptionalTokenIds(string name)
    {
        if (Get(name) is not { } value)
        {
            return null;
        }
        static bool IsId(JsonElement e) => e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out var n) && n >= 0;
        if (IsId(value))
        {
            return [value.GetInt32()];
        }
        return value.ValueKind == JsonValueKind.Array && value.GetArrayLength() > 0 && value.EnumerateArray().All(IsId)
            ? [.. value.EnumerateArray().Select(e => e.GetInt32())]
            : throw Wrong(name, "a token id or a list of ids", value);
    }

    private Exception Missing(string name) => error(prefix + name, "missing");

    private Exception Wrong(string name, string expected, JsonElement found) => error(prefix + name, $"expected {expected}, found {Describe(found)}");

    /// <summary>What a value is, for messages: "a string", "an array", "the number 0".</summary>
    public static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => $"the number {value.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => $"{value.GetRawText()}",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };
}

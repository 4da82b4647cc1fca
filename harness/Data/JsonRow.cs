using System.Text.Json;

namespace SvDecode.Eval.Data;

/// <summary>One JSON row (an array element or a JSONL line) with the 1-based line it starts on.</summary>
public readonly record struct JsonRow(int Line, JsonElement Value)
{
    public string RequiredString(string field)
    {
        var value = OptionalString(field);
        return value ?? throw new BadRowException($"missing field '{field}'.");
    }

    public string? OptionalString(string field)
    {
        RequireObject();
        if (!Value.TryGetProperty(field, out var property) || property.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (property.ValueKind != JsonValueKind.String)
        {
            throw new BadRowException($"field '{field}' must be a string, found {Describe(property.ValueKind)}.");
        }
        return property.GetString()!;
    }

    public IReadOnlyList<string>? OptionalStringArray(string field)
    {
        RequireObject();
        if (!Value.TryGetProperty(field, out var property) || property.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (property.ValueKind != JsonValueKind.Array)
        {
            throw new BadRowException($"field '{field}' must be an array of strings, found {Describe(property.ValueKind)}.");
        }
        var values = new List<string>();
        foreach (var element in property.EnumerateArray())
        {
            if (element.ValueKind != JsonValueKind.String)
            {
                throw new BadRowException($"field '{field}' must be an array of strings, found an element that is {Describe(element.ValueKind)}.");
            }
            values.Add(element.GetString()!);
        }
        return values;
    }

    public void RequireObject()
    {
        if (Value.ValueKind != JsonValueKind.Object)
        {
            throw new BadRowException($"expected a JSON object, found {Describe(Value.ValueKind)}.");
        }
    }

    public static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };
}

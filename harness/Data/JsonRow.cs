using System.Text.Json;

namespace SvDecode.Eval.Data;

/// <summary>One JSON row (an array element or a JSONL line) with the 1-based line it starts on.</summary>
public readonly record struct JsonRow(int Line, JsonElement Value)
{
    /// <summary>The row's fields; problems are <see cref="BadRowException"/>s, which the reader prefixes with file and line.</summary>
    public JsonFields Fields => new(Value, RowError);

    public string RequiredString(string field)
    {
        RequireObject();
        return Fields.RequiredString(field);
    }

    public string? OptionalString(string field)
    {
        RequireObject();
        return Fields.OptionalString(field);
    }

    public IReadOnlyList<string>? OptionalStringArray(string field)
    {
        RequireObject();
        return Fields.OptionalStringArray(field);
    }

    public void RequireObject() => Fields.RequireObject();

    private static BadRowException RowError(string field, string problem) =>
        new(field.Length == 0 ? $"{problem}." : problem == "missing" ? $"missing field '{field}'." : $"field '{field}': {problem}.");
}

using System.Text.Json;
using SvDecode.Eval.Tests.Support;

namespace SvDecode.Eval.Tests.Tokenization;

/// <summary>
/// The renderings of real chat templates by jinja2 (tests/reference/make_chat_templates.py, set up as transformers'
/// apply_chat_template), in tests/fixtures/reference/chat-templates/expected.json.
/// </summary>
public static class ChatTemplateReference
{
    public static string Folder { get; } = Path.Combine(SharedFiles.RepositoryRoot, "tests", "fixtures", "reference", "chat-templates");

    private static readonly Lazy<JsonElement> Cases = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "expected.json"))).RootElement.GetProperty("cases").Clone());

    public static IEnumerable<JsonElement> All => Cases.Value.EnumerateArray();

    public static JsonElement Case(string template, string name) =>
        All.Single(c => c.GetProperty("template").GetString() == template && c.GetProperty("case").GetString() == name);

    /// <summary>A JSON value as the template engine receives values: dicts, lists, strings, longs, doubles, bools, null.</summary>
    public static object? Value(JsonElement json) => json.ValueKind switch
    {
        JsonValueKind.Object => json.EnumerateObject().ToDictionary(p => p.Name, p => Value(p.Value), StringComparer.Ordinal),
        JsonValueKind.Array => json.EnumerateArray().Select(Value).ToList(),
        JsonValueKind.String => json.GetString(),
        JsonValueKind.Number when json.TryGetInt64(out var l) => l,
        JsonValueKind.Number => json.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };
}

using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SvDecode.Eval.Models;

namespace SvDecode.Eval.Peft;

/// <summary>
/// PEFT's target_modules rule: a list matches a module whose path equals a name or ends with "." + name
/// ("c_attn", "mlp.c_proj"); a single string is a regular expression that must match the whole path.
/// </summary>
public sealed class TargetModules
{
    private TargetModules(IReadOnlyList<string>? names, string? pattern)
    {
        Names = names;
        Pattern = pattern;
    }

    public IReadOnlyList<string>? Names { get; }

    public string? Pattern { get; }

    public static TargetModules FromNames(IReadOnlyList<string> names) => new(names, null);

    public static TargetModules FromPattern(string pattern) => new(null, pattern);

    public bool Matches(string modulePath) =>
        Names is { } names
            ? names.Any(n => modulePath == n || modulePath.EndsWith("." + n, StringComparison.Ordinal))
            : Regex.IsMatch(modulePath, $"^(?:{Pattern})$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    /// <summary>
    /// The model's projections this selects, in module order. Every listed name must select at least one projection
    /// (a name that fits nothing is almost always a typo or the wrong model family).
    /// </summary>
    public IReadOnlyList<ProjectionPath> Select(CausalLanguageModel model, Func<string, InputException> error)
    {
        var projections = model.Projections.ToList();
        var selected = projections.Where(p => Matches(p.Path)).ToList();
        var available = string.Join(", ", projections.Select(p => p.Name).Distinct());
        if (Names is { } names)
        {
            foreach (var name in names)
            {
                if (!projections.Any(p => p.Path == name || p.Path.EndsWith("." + name, StringComparison.Ordinal)))
                {
                    throw error($"'{name}' matches no projection of this {model.Config.Architecture} model (it has: {available})");
                }
            }
        }
        if (selected.Count == 0)
        {
            throw error($"selects no projection of this {model.Config.Architecture} model (it has: {available})");
        }
        return selected;
    }

    public JsonNode ToJson() => Names is { } names ? new JsonArray([.. names.Select(n => (JsonNode)JsonValue.Create(n)!)]) : JsonValue.Create(Pattern)!;
}

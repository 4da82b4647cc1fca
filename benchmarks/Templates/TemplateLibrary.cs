using System.Collections.Concurrent;
using SvDecode.Eval.Data;

namespace SvDecode.Eval.Benchmarks.Templates;

/// <summary>The prompt templates embedded in this assembly (benchmarks/Templates/*.tmpl), parsed once each.</summary>
public static class TemplateLibrary
{
    public const string TruthfulQa = "truthfulqa-qa-primer";
    public const string Commonsense = "commonsense-llm-adapters";
    public const string Mmlu = "mmlu-standard";
    public const string Jsonl = "jsonl-qa";

    private static readonly ConcurrentDictionary<string, PromptTemplate> Cache = new(StringComparer.Ordinal);

    public static IReadOnlyList<string> Names =>
        typeof(TemplateLibrary).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("templates/", StringComparison.Ordinal))
            .Select(n => n["templates/".Length..^".tmpl".Length])
            .Order(StringComparer.Ordinal)
            .ToList();

    public static PromptTemplate Get(string name) => Cache.GetOrAdd(name, Load);

    private static PromptTemplate Load(string name)
    {
        var resource = $"templates/{name}.tmpl";
        using var stream = typeof(TemplateLibrary).Assembly.GetManifestResourceStream(resource)
            ?? throw new InputException($"Unknown prompt template '{name}' (available: {string.Join(", ", Names)}).");
        using var reader = new StreamReader(stream);
        var template = PromptTemplate.Parse(reader.ReadToEnd(), resource);
        if (template.Info.Name != name)
        {
            throw new InvalidOperationException($"{resource} declares name '{template.Info.Name}'; the file name and the name must agree.");
        }
        return template;
    }
}

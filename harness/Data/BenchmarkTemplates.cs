namespace SvDecode.Eval.Data;

/// <summary>Turns a benchmark's <c>template:</c> setting (a built-in name or a .tmpl file) into a template checked
/// against what the benchmark renders.</summary>
public static class BenchmarkTemplates
{
    /// <param name="value">The setting; null keeps the benchmark's own template (returns null).</param>
    /// <param name="resolvePath">Resolves a .tmpl path (against the pipeline file's folder, or the working folder).</param>
    /// <param name="field">Names the setting in errors ("pipeline.yaml:12:5: benchmarks[0].template").</param>
    public static PromptTemplate? Resolve(string? value, IBenchmark benchmark, Func<string, string> resolvePath, IPromptTemplateSource? builtIn, string field) =>
        Resolve(value, benchmark.TemplateSchema, benchmark.Name, resolvePath, builtIn, field);

    /// <inheritdoc cref="Resolve(string?, IBenchmark, Func{string, string}, IPromptTemplateSource?, string)"/>
    public static PromptTemplate? Resolve(string? value, TemplateSchema schema, string benchmark, Func<string, string> resolvePath, IPromptTemplateSource? builtIn, string field)
    {
        if (value is null)
        {
            return null;
        }
        PromptTemplate template;
        if (PromptTemplate.IsTemplateFile(value))
        {
            var path = resolvePath(value);
            if (!File.Exists(path))
            {
                throw new InputException($"{field}: template file not found: {path}");
            }
            template = PromptTemplate.Parse(File.ReadAllText(path), path);
        }
        else if (builtIn is null)
        {
            throw new InputException($"{field}: no built-in templates are registered; give a {PromptTemplate.FileExtension} file.");
        }
        else if (!builtIn.Names.Contains(value, StringComparer.Ordinal))
        {
            throw new InputException($"{field}: unknown template '{value}'.{NameSuggester.DidYouMean(value, builtIn.Names)} " +
                $"Allowed values: {string.Join(", ", builtIn.Names)}, or a {PromptTemplate.FileExtension} file.");
        }
        else
        {
            template = builtIn.Get(value);
        }
        template.Check(schema, benchmark);
        return template;
    }
}

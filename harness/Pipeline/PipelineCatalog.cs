using SvDecode.Eval.Data;

namespace SvDecode.Eval.Pipeline;

/// <summary>The names a pipeline may refer to; validation checks them without loading anything heavy.</summary>
/// <param name="JudgeTemplateNames">Built-in judge prompt templates (scoring.judge); null or empty skips the check.</param>
/// <param name="TemplateSchemas">What each benchmark renders, by benchmark name, so a benchmark's <c>template:</c> is
/// checked (name, file, fields) by validation; null skips the check.</param>
/// <param name="Templates">The built-in prompt templates, for those checks.</param>
public sealed record PipelineCatalog(
    IReadOnlyCollection<string> BenchmarkNames,
    IReadOnlyCollection<string>? JudgeTemplateNames = null,
    IReadOnlyDictionary<string, TemplateSchema>? TemplateSchemas = null,
    IPromptTemplateSource? Templates = null);

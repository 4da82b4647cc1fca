namespace SvDecode.Eval.Data;

/// <summary>
/// What a benchmark renders with its template: the built-in template it uses by default and, per section, the fields
/// it fills. A user's template (a pipeline's <c>template:</c>) is checked against it when loaded
/// (<see cref="PromptTemplate.Check"/>), so a misspelt field is an error naming the file and line, not a failed row.
/// </summary>
public sealed record TemplateSchema(string DefaultTemplate, IReadOnlyList<TemplateSection> Sections);

/// <summary>One section a benchmark renders and the <c>{fields}</c> it fills there; an optional section is only
/// rendered for some data (BoolQ's <c>prompt_with_input</c> when a passages file is given).</summary>
public sealed record TemplateSection(string Name, IReadOnlyList<string> Fields, bool Required = true);

namespace SvDecode.Eval.Pipeline;

/// <summary>The names a pipeline may refer to; validation checks them without loading anything heavy.</summary>
/// <param name="TemplateNames">Built-in prompt templates (judge prompts); empty skips the check.</param>
public sealed record PipelineCatalog(IReadOnlyCollection<string> BenchmarkNames, IReadOnlyCollection<string>? TemplateNames = null);

namespace SvDecode.Eval.Pipeline;

/// <summary>The names a pipeline may refer to; validation checks them without loading anything heavy.</summary>
/// <param name="JudgeTemplateNames">Built-in judge prompt templates (scoring.judge); null or empty skips the check.</param>
public sealed record PipelineCatalog(IReadOnlyCollection<string> BenchmarkNames, IReadOnlyCollection<string>? JudgeTemplateNames = null);

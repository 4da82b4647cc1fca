namespace SvDecode.Eval.Pipeline;

/// <summary>The names a pipeline may refer to; validation checks them without loading anything heavy.</summary>
public sealed record PipelineCatalog(IReadOnlyCollection<string> BenchmarkNames);

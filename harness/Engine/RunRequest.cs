using SvDecode.Eval.Pipeline;

namespace SvDecode.Eval.Engine;

/// <summary>
/// What to run: a validated pipeline, the run directory (null: the pipeline's <c>output</c>, else runs/&lt;name&gt;),
/// an optional item limit, and whether the caller expects to resume an earlier run in that directory.
/// </summary>
public sealed record RunRequest(PipelineDocument Document, string? OutputDirectory = null, int? Limit = null, bool Resume = false)
{
    public string ResolvedOutputDirectory =>
        Path.GetFullPath(OutputDirectory ?? Document.Spec.Output ?? Path.Combine("runs", Document.Spec.Name));
}

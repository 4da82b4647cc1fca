using SvDecode.Eval.Pipeline;

namespace SvDecode.Eval.Engine;

/// <summary>
/// What to run: a validated pipeline, the run directory (null: the pipeline's <c>output</c>, else runs/&lt;name&gt;),
/// an optional item limit, whether the caller expects to resume an earlier run in that directory, and whether to
/// write per-item outputs (items.jsonl, item_scores.jsonl) beside results.json.
/// </summary>
public sealed record RunRequest(PipelineDocument Document, string? OutputDirectory = null, int? Limit = null, bool Resume = false, bool LogItems = false)
{
    public string ResolvedOutputDirectory =>
        Path.GetFullPath(OutputDirectory ?? Document.Spec.Output ?? Path.Combine("runs", Document.Spec.Name));
}

using SvDecode.Eval.Pipeline;
using SvDecode.Eval.Sharding;

namespace SvDecode.Eval.Engine;

/// <summary>
/// What to run: a validated pipeline, the run directory (null: the pipeline's <c>output</c>, else runs/&lt;name&gt;),
/// an optional item limit, whether the caller expects to resume an earlier run in that directory, and whether to
/// write per-item outputs (items.jsonl, item_scores.jsonl) beside results.json. With a <see cref="Shard"/> the run does
/// only that shard's share, in &lt;output&gt;/shards/&lt;i&gt;-of-&lt;n&gt;/ (docs/scale-out.md).
/// </summary>
public sealed record RunRequest(PipelineDocument Document, string? OutputDirectory = null, int? Limit = null, bool Resume = false, bool LogItems = false, ShardSpec? Shard = null)
{
    /// <summary>The run directory: --output, else the pipeline's output, else runs/&lt;name&gt;; a shard's folder below it.</summary>
    public string ResolvedOutputDirectory =>
        Shard is null ? BaseOutputDirectory : Path.Combine(BaseOutputDirectory, ShardSpec.FolderParent, Shard.FolderName);

    /// <summary>The run directory without the shard folder: where `merge` writes the combined results by default.</summary>
    public string BaseOutputDirectory =>
        Path.GetFullPath(OutputDirectory ?? Document.Spec.Output ?? Path.Combine("runs", Document.Spec.Name));
}

using SvDecode.Eval.Results;

namespace SvDecode.Eval.Comparison;

/// <summary>Which run a side of a comparison is: file, commit, pipeline hash, model and when it finished.</summary>
public sealed record RunSummary(string Path, string? GitCommit, string ToolVersion, string PipelineSha256, string Status, DateTimeOffset FinishedAt, bool ItemScores)
{
    public static RunSummary Of(ComparisonInput input) => new(
        input.Path,
        input.Results.Manifest.GitCommit,
        input.Results.Manifest.ToolVersion,
        input.Results.Manifest.PipelineSha256,
        input.Results.Status.ToString().ToLowerInvariant(),
        input.Results.Manifest.FinishedAt,
        input.Items is not null);
}

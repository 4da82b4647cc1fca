namespace SvDecode.Eval.Results;

/// <summary>
/// The manifest's <c>shard</c> block in a shard's results.json: which shard, how many units the whole run has, what
/// this shard did, the settings merge needs (the bootstrap resamples of the paired deltas) and a digest of the input
/// files it read (role, path and SHA-256 of each; the per-file hashes are in <c>manifest.inputs</c>).
/// </summary>
public sealed record ShardInfo(
    int Index,
    int Count,
    int Units,
    int BootstrapIterations,
    string InputsSha256,
    IReadOnlyList<UnitAssignment> Assignment);

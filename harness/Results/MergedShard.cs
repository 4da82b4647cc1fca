
namespace SvDecode.Eval.Results;

/// <summary>One entry of a merged run's <c>manifest.shards</c>: a shard folder that went into it, and when and where it ran.</summary>
public sealed record MergedShard(int Index, int Count, string Folder, DateTimeOffset StartedAt, DateTimeOffset FinishedAt, MachineInfo Machine);

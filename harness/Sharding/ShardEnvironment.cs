using System.Globalization;

namespace SvDecode.Eval.Sharding;

/// <summary>
/// Where a run's shard comes from: <c>--shard i/n</c>; else a Slurm job array (SLURM_ARRAY_TASK_ID − SLURM_ARRAY_TASK_MIN
/// of SLURM_ARRAY_TASK_COUNT); else a Kubernetes Indexed Job (JOB_COMPLETION_INDEX of <c>--shard-count</c>, which must
/// equal the Job's <c>completions</c>). <c>--shard none</c> ignores the environment.
/// </summary>
public static class ShardEnvironment
{
    public const string SlurmTaskId = "SLURM_ARRAY_TASK_ID";
    public const string SlurmTaskMin = "SLURM_ARRAY_TASK_MIN";
    public const string SlurmTaskCount = "SLURM_ARRAY_TASK_COUNT";
    public const string KubernetesIndex = "JOB_COMPLETION_INDEX";
    public const string None = "none";

    /// <param name="option">The --shard value (null when not given).</param>
    /// <param name="shardCount">The --shard-count value (null when not given).</param>
    /// <param name="environment">Reads an environment variable (null when unset).</param>
    /// <returns>The shard, and a sentence saying where it came from; null when the run is not sharded.</returns>
    public static (ShardSpec Shard, string Source)? Resolve(string? option, int? shardCount, Func<string, string?> environment)
    {
        if (option is not null)
        {
            if (string.Equals(option.Trim(), None, StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }
            if (shardCount is not null)
            {
                throw new InputException("--shard-count goes with SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX; with --shard i/n the count is n.");
            }
            return (ShardSpec.Parse(option), $"--shard {option}");
        }
        if (Read(environment, SlurmTaskId) is { } taskId)
        {
            var id = Integer(SlurmTaskId, taskId);
            var min = Read(environment, SlurmTaskMin) is { } m ? Integer(SlurmTaskMin, m) : 0;
            var count = Read(environment, SlurmTaskCount) is { } c ? Integer(SlurmTaskCount, c)
                : shardCount ?? throw new InputException($"{SlurmTaskId} is set but {SlurmTaskCount} is not: give the shard count with --shard-count <n>.");
            if (shardCount is { } given && given != count)
            {
                throw new InputException($"--shard-count {given} disagrees with {SlurmTaskCount}={count}.");
            }
            return (ShardSpec.Create(id - min, count, $"{SlurmTaskId}={id} - {SlurmTaskMin}={min} of {SlurmTaskCount}={count} (use a contiguous array such as --array=0-{count - 1})"),
                $"Slurm array task {id} (min {min}) of {count}");
        }
        if (Read(environment, KubernetesIndex) is { } index)
        {
            var count = shardCount ?? throw new InputException($"{KubernetesIndex} is set (a Kubernetes Indexed Job) but --shard-count is not: pass the Job's completions, e.g. --shard-count 8.");
            return (ShardSpec.Create(Integer(KubernetesIndex, index), count, $"{KubernetesIndex}={index} of --shard-count {count}"),
                $"Kubernetes completion index {index} of {count}");
        }
        if (shardCount is not null)
        {
            throw new InputException($"--shard-count needs the shard index from {SlurmTaskId} or {KubernetesIndex}; neither is set (use --shard i/n instead).");
        }
        return null;
    }

    /// <summary>The process environment, as <see cref="Resolve"/> reads it.</summary>
    public static string? Process(string name) => Environment.GetEnvironmentVariable(name);

    private static string? Read(Func<string, string?> environment, string name) =>
        environment(name) is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    private static int Integer(string name, string value) =>
        int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new InputException($"{name}='{value}' is not an integer.");
}

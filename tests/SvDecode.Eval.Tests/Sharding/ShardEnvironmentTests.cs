using SvDecode.Eval.Sharding;
using Xunit;

namespace SvDecode.Eval.Tests.Sharding;

public sealed class ShardEnvironmentTests
{
    private static Func<string, string?> Env(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;

    [Fact]
    public void TheOptionWinsOverTheEnvironment()
    {
        var resolved = ShardEnvironment.Resolve("2/5", null, Env(("SLURM_ARRAY_TASK_ID", "0"), ("SLURM_ARRAY_TASK_COUNT", "3")));
        Assert.Equal(new ShardSpec(2, 5), resolved!.Value.Shard);
    }

    [Fact]
    public void NoneAndNoEnvironmentMeanAnUnshardedRun()
    {
        Assert.Null(ShardEnvironment.Resolve("none", null, Env(("JOB_COMPLETION_INDEX", "1"))));
        Assert.Null(ShardEnvironment.Resolve(null, null, Env()));
    }

    [Fact]
    public void SlurmArraysCountFromTheirMinimum()
    {
        Assert.Equal(new ShardSpec(3, 4), ShardEnvironment.Resolve(null, null, Env(("SLURM_ARRAY_TASK_ID", "3"), ("SLURM_ARRAY_TASK_COUNT", "4")))!.Value.Shard);
        // --array=1-4: task ids 1..4 are shards 0..3.
        Assert.Equal(new ShardSpec(3, 4), ShardEnvironment.Resolve(null, null,
            Env(("SLURM_ARRAY_TASK_ID", "4"), ("SLURM_ARRAY_TASK_MIN", "1"), ("SLURM_ARRAY_TASK_COUNT", "4")))!.Value.Shard);
    }

    [Fact]
    public void KubernetesIndexedJobsTakeTheCountFromTheOption()
    {
        Assert.Equal(new ShardSpec(5, 8), ShardEnvironment.Resolve(null, 8, Env(("JOB_COMPLETION_INDEX", "5")))!.Value.Shard);
        var missing = Assert.Throws<InputException>(() => ShardEnvironment.Resolve(null, null, Env(("JOB_COMPLETION_INDEX", "5"))));
        Assert.Contains("--shard-count", missing.Message);
    }

    [Theory]
    [InlineData("3/3", "outside 0..2")]
    [InlineData("0/0", "at least 1")]
    [InlineData("1-4", "is not i/n")]
    [InlineData("a/b", "is not i/n")]
    [InlineData("-1/4", "is not i/n")]
    [InlineData("1/2/3", "is not i/n")]
    public void BadShardsAreRefusedWithTheReason(string text, string reason)
    {
        var error = Assert.Throws<InputException>(() => ShardEnvironment.Resolve(text, null, Env()));
        Assert.Contains(reason, error.Message);
        Assert.Contains("--shard", error.Message);
    }

    [Theory]
    [InlineData("SLURM_ARRAY_TASK_ID", "4", "SLURM_ARRAY_TASK_COUNT", "4", "outside 0..3")]
    [InlineData("SLURM_ARRAY_TASK_ID", "x", "SLURM_ARRAY_TASK_COUNT", "4", "not an integer")]
    [InlineData("JOB_COMPLETION_INDEX", "9", "UNUSED", "", "outside 0..7")]
    public void BadEnvironmentsAreRefusedNamingTheVariable(string name, string value, string otherName, string otherValue, string reason)
    {
        var error = Assert.Throws<InputException>(() => ShardEnvironment.Resolve(null, name == "JOB_COMPLETION_INDEX" ? 8 : null, Env((name, value), (otherName, otherValue))));
        Assert.Contains(reason, error.Message);
        Assert.Contains(name, error.Message);
    }

    [Fact]
    public void AShardCountWithoutAnIndexIsAnError()
    {
        Assert.Throws<InputException>(() => ShardEnvironment.Resolve(null, 4, Env()));
        Assert.Throws<InputException>(() => ShardEnvironment.Resolve("0/4", 4, Env()));
    }

    [Fact]
    public void FolderNamesRoundTrip()
    {
        Assert.Equal(new ShardSpec(2, 3), ShardSpec.FromFolderName(new ShardSpec(2, 3).FolderName));
        Assert.Null(ShardSpec.FromFolderName("3-of-3"));
        Assert.Null(ShardSpec.FromFolderName("plots"));
    }
}

using SvDecode.Eval.Tests.Support;
using Xunit;

namespace SvDecode.Eval.Tests.Sharding;

/// <summary>
/// The real tool as separate processes on a shrunk quickstart (demo model; LoRA with and without SVDecode on one
/// benchmark, 12 test items; all four stages): one unsharded run, then the same run as 1, 2 and 3 shards. Two units on
/// three shards cuts the first unit's test items in two (the steered one: its steering diagnostics are merged too),
/// so both dealing modes run. Plus shard 1 of 2 of a run with
/// another seed, and a matrix with the pre-trained baseline and two warm-start seeds, single and as 2 shards.
/// </summary>
public sealed class ShardMergeFixture : IAsyncLifetime
{
    public static readonly string[] Small =
    [
        "--set", "matrix.peft=[lora]",
        "--set", "matrix.steering=[on, off]",
        "--set", "benchmarks=[{name: jsonl, id: demo-commonsense, data: data/demo/demo-commonsense-test.jsonl, train_data: data/demo/demo-commonsense-train.jsonl, limit: 12, split: {calibration_fraction: 0.03}}]",
        "--set", "warmstart.max_steps=5",
        "--log-items",
    ];

    private readonly TempDirectory _dir = new();

    public static string Quickstart => Path.Combine(SharedFiles.RepositoryRoot, "pipelines", "quickstart.yaml");

    public string Single => _dir.Combine("single");

    public string Sharded(int count) => _dir.Combine($"sharded-{count}");

    /// <summary>Shard 1 of 2 of the same pipeline with another seed: a shard of a different run.</summary>
    public string OtherSeed => _dir.Combine("other-seed");

    /// <summary>The baseline-and-seeds matrix: peft none and LoRA under seeds 1 and 2.</summary>
    public static readonly string[] Seeded = ["--set", "matrix.peft=[none, lora]", "--set", "matrix.seeds=[1, 2]"];

    public string SeededSingle => _dir.Combine("seeded-single");

    public string SeededSharded => _dir.Combine("seeded-sharded");

    public TempDirectory Directory => _dir;

    public async Task InitializeAsync()
    {
        // Two processes at a time: the machine has two cores.
        var runs = new List<string[]> { new[] { "--output", Single } };
        foreach (var count in new[] { 1, 2, 3 })
        {
            runs.AddRange(Enumerable.Range(0, count).Select(i => new[] { "--output", Sharded(count), "--shard", $"{i}/{count}" }));
        }
        runs.Add(new[] { "--output", OtherSeed, "--shard", "1/2", "--set", "seed=99" });
        runs.Add([.. Seeded, "--output", SeededSingle]);
        runs.AddRange(Enumerable.Range(0, 2).Select(i => (string[])[.. Seeded, "--output", SeededSharded, "--shard", $"{i}/2"]));
        foreach (var pair in runs.Chunk(2))
        {
            await Task.WhenAll(pair.Select(args => RunAsync(["run", Quickstart, .. Small, .. args])));
        }
    }

    public static async Task<ToolProcess> RunAsync(string[] args, int expectedExit = 0)
    {
        var tool = ToolProcess.Start(args);
        Assert.True(await tool.WaitForExitAsync(TimeSpan.FromMinutes(3)), tool.Stderr);
        Assert.True(tool.ExitCode == expectedExit, $"exit {tool.ExitCode} (expected {expectedExit}): {tool.Stderr}");
        return tool;
    }

    public Task DisposeAsync()
    {
        _dir.Dispose();
        return Task.CompletedTask;
    }
}

using System.Text.Json.Nodes;
using SvDecode.Eval.Tests.Support;
using Xunit;

namespace SvDecode.Eval.Tests.Sharding;

/// <summary>run --shard i/n as separate processes, then merge: the single run's results, and refusals for shards that do not belong together.</summary>
public sealed class ShardMergeTests(ShardMergeFixture fixture) : IClassFixture<ShardMergeFixture>
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task MergedShardsEqualTheSingleRun(int count)
    {
        var merged = await ShardMergeFixture.RunAsync(["merge", fixture.Sharded(count)]);

        Assert.Contains($"Merged {count} shard(s)", merged.Stderr);
        Assert.Equal(Comparable(fixture.Single), Comparable(fixture.Sharded(count)));
        foreach (var file in new[] { "item_scores.jsonl", "items.jsonl", "results.csv" })
        {
            Assert.Equal(File.ReadAllText(Path.Combine(fixture.Single, file)), File.ReadAllText(Path.Combine(fixture.Sharded(count), file)));
        }
        Assert.True(File.Exists(Path.Combine(fixture.Sharded(count), "report.md")));
        var shards = JsonNode.Parse(File.ReadAllText(Path.Combine(fixture.Sharded(count), "results.json")))!["manifest"]!["shards"]!.AsArray();
        Assert.Equal(Enumerable.Range(0, count), shards.Select(s => (int)s!["index"]!));
    }

    [Fact]
    public async Task ABaselineAndSeedsMatrixMergesToTheSingleRun()
    {
        await ShardMergeFixture.RunAsync(["merge", fixture.SeededSharded]);

        Assert.Equal(Comparable(fixture.SeededSingle), Comparable(fixture.SeededSharded));
        var results = JsonNode.Parse(File.ReadAllText(Path.Combine(fixture.SeededSharded, "results.json")))!;
        Assert.Equal(["none", "lora+svdecode[seed=1]", "lora[seed=1]", "lora+svdecode[seed=2]", "lora[seed=2]"], // steering as listed: [on, off]
            results["cells"]!.AsArray().Select(c => (string)c!["id"]!));
        Assert.Contains(results["paired_deltas"]!.AsArray(), d => (string)d!["cell"]! == "lora+svdecode[seed=2]" && (string)d["baseline"]! == "lora[seed=2]");
        Assert.Contains(results["seed_summaries"]!.AsArray(), s => (string)s!["cell"]! == "lora+svdecode" && s["delta"] is not null);
    }

    [Fact]
    public void EachShardRecordsItsShareAndTheThreeShardRunSplitsItems()
    {
        var assignments = Enumerable.Range(0, 3)
            .Select(i => JsonNode.Parse(File.ReadAllText(Path.Combine(fixture.Sharded(3), "shards", $"{i}-of-3", "results.json")))!["manifest"]!["shard"]!)
            .Select(s => s["assignment"]!.AsArray().Select(a => ((string)a!["cell"]!, (int)a["part"]!, (int)a["parts"]!)).Single())
            .ToList();
        Assert.Equal([("lora+svdecode", 0, 2), ("lora+svdecode", 1, 2), ("lora", 0, 1)], assignments);
    }

    [Fact]
    public async Task AMissingShardIsNamed()
    {
        var copy = Copy(fixture.Sharded(3), "missing");
        Directory.Delete(Path.Combine(copy, "shards", "1-of-3"), recursive: true);

        var merge = await ShardMergeFixture.RunAsync(["merge", copy], expectedExit: 2);

        Assert.Contains("missing shard 1 of 3", merge.Stderr);
    }

    [Theory]
    [InlineData("seed", "manifest.seed")]
    [InlineData("pipeline", "manifest.pipeline_sha256")]
    [InlineData("input", "manifest.inputs")]
    [InlineData("status", "did not complete (status failed")]
    public async Task MismatchedShardsAreRefusedNamingTheFieldAndTheShard(string change, string field)
    {
        var copy = Copy(fixture.Sharded(2), change);
        var results = Path.Combine(copy, "shards", "1-of-2", "results.json");
        var node = JsonNode.Parse(File.ReadAllText(results))!;
        var manifest = node["manifest"]!;
        switch (change)
        {
            case "seed":
                manifest["seed"] = 7;
                break;
            case "status":
                node["status"] = "failed";
                break;
            case "pipeline":
                manifest["pipeline_sha256"] = new string('0', 64);
                break;
            default:
                var data = manifest["inputs"]!.AsArray().First(i => (string)i!["role"]! == "data")!;
                data["sha256"] = new string('f', 64);
                break;
        }
        File.WriteAllText(results, node.ToJsonString());

        var merge = await ShardMergeFixture.RunAsync(["merge", copy], expectedExit: 2);

        Assert.Contains(field, merge.Stderr);
        Assert.Contains("shard 1 of 2", merge.Stderr);
        Assert.False(File.Exists(Path.Combine(copy, "results.json")));
    }

    [Fact]
    public async Task AShardOfAnotherRunIsRefused()
    {
        // A real run that differs only in its seed gives shard 1, beside this run's shard 0.
        var merge = await ShardMergeFixture.RunAsync(
            ["merge", Path.Combine(fixture.Sharded(2), "shards", "0-of-2"), Path.Combine(fixture.OtherSeed, "shards", "1-of-2"), "--out", fixture.Directory.Combine("mixed")],
            expectedExit: 2);

        Assert.Contains("manifest.seed", merge.Stderr);
    }

    [Theory]
    [InlineData("3/3", "outside 0..2")]
    [InlineData("one/two", "is not i/n")]
    [InlineData("0/0", "at least 1")]
    public async Task BadShardArgumentsExitWithBadInput(string shard, string reason)
    {
        var (code, _, error) = await CliRunner.RunAsync("run", ShardMergeFixture.Quickstart, "--shard", shard, "--output", fixture.Directory.Combine("never"));
        Assert.Equal(2, code);
        Assert.Contains(reason, error);
    }

    /// <summary>results.json without what may differ: start and finish times, the merged shard list, timings and model loads.</summary>
    private static string Comparable(string run)
    {
        var node = JsonNode.Parse(File.ReadAllText(Path.Combine(run, "results.json")))!;
        var manifest = node["manifest"]!.AsObject();
        manifest.Remove("started_at");
        manifest.Remove("finished_at");
        manifest.Remove("shards");
        node.AsObject().Remove("timings");
        node.AsObject().Remove("model_loads");
        return node.ToJsonString();
    }

    private string Copy(string run, string name)
    {
        var target = fixture.Directory.Combine($"copy-{name}");
        foreach (var file in System.IO.Directory.EnumerateFiles(Path.Combine(run, "shards"), "*", SearchOption.AllDirectories)
                     .Where(f => f.EndsWith(".json", StringComparison.Ordinal) || f.EndsWith(".jsonl", StringComparison.Ordinal)))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(run, file));
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
        return target;
    }
}

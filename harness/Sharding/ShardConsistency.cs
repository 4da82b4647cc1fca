using System.Text.Json;
using SvDecode.Eval.Results;

namespace SvDecode.Eval.Sharding;

/// <summary>
/// Refuses shards that do not belong to one run: every shard must come from the same tool build, pipeline file,
/// overrides, seed, limit, model, libraries, shard count and unit plan, and any input file two shards both read must
/// have the same SHA-256. Then every shard 0..n−1 must be there exactly once, finished.
/// </summary>
public static class ShardConsistency
{
    public static void Check(IReadOnlyList<ShardFolder> shards)
    {
        if (shards.Count == 0)
        {
            throw new InputException("merge: no shard folders given");
        }
        var reference = shards[0];
        foreach (var shard in shards.Skip(1))
        {
            foreach (var (field, value) in Fields(reference))
            {
                var other = Fields(shard).First(f => f.Field == field).Value;
                if (other != value)
                {
                    throw new InputException($"{shard.Label} differs from {reference.Label} in {field}: {other} vs {value}; merge only shards of one run (same pipeline, overrides, seed, inputs and tool)");
                }
            }
        }
        CheckInputs(shards);
        CheckComplete(shards);
        CheckCoverage(shards);
        foreach (var shard in shards)
        {
            if (shard.Results.Status != RunStatus.Complete)
            {
                throw new InputException($"{shard.Label} did not complete (status {shard.Results.Status.ToString().ToLowerInvariant()}: {shard.Results.Error}); run it again (it resumes) before merging");
            }
            var done = shard.Units.Select(u => (u.UnitIndex, u.Part, u.Parts));
            if (!done.SequenceEqual(shard.Shard.Assignment.Select(a => (a.UnitIndex, a.Part, a.Parts))))
            {
                throw new InputException($"{shard.Label}: {ShardUnitScores.FileName} does not hold every assigned unit; run the shard again to finish it");
            }
        }
    }

    /// <summary>The manifest fields that must agree, rendered as JSON, in the order they are reported.</summary>
    private static IEnumerable<(string Field, string Value)> Fields(ShardFolder shard)
    {
        var m = shard.Results.Manifest;
        string J<T>(T value) => JsonSerializer.Serialize(value, Json.Canonical);
        yield return ("manifest.tool_version", J(m.ToolVersion));
        yield return ("manifest.git_commit", J(m.GitCommit));
        yield return ("manifest.pipeline_name", J(m.PipelineName));
        yield return ("manifest.pipeline_sha256", J(m.PipelineSha256));
        yield return ("manifest.seed", J(m.Seed));
        yield return ("manifest.limit", J(m.Limit));
        yield return ("manifest.overrides", J(m.Overrides));
        yield return ("manifest.log_items", J(m.LogItems));
        yield return ("manifest.model", J(m.Model));
        yield return ("manifest.packages", J(m.Packages));
        yield return ("manifest.shard.count", J(shard.Shard.Count));
        yield return ("manifest.shard.units", J(shard.Shard.Units));
        yield return ("manifest.shard.bootstrap_iterations", J(shard.Shard.BootstrapIterations));
    }

    private static void CheckInputs(IReadOnlyList<ShardFolder> shards)
    {
        var seen = new Dictionary<string, (string Sha256, ShardFolder Shard)>(StringComparer.Ordinal);
        foreach (var shard in shards)
        {
            foreach (var input in shard.Results.Manifest.Inputs)
            {
                if (seen.TryGetValue(input.Path, out var first) && first.Sha256 != input.Sha256)
                {
                    throw new InputException($"{shard.Label} differs from {first.Shard.Label} in manifest.inputs: {input.Role} file {input.Path} has sha256 {input.Sha256[..12]}… vs {first.Sha256[..12]}… (an input changed between the shards' runs)");
                }
                seen.TryAdd(input.Path, (input.Sha256, shard));
            }
        }
    }

    /// <summary>Across the shards, every unit of the run exactly once: whole, or each of its item parts once.</summary>
    private static void CheckCoverage(IReadOnlyList<ShardFolder> shards)
    {
        var assigned = shards.SelectMany(s => s.Shard.Assignment.Select(a => (Shard: s, a))).ToList();
        foreach (var unit in Enumerable.Range(0, shards[0].Shard.Units))
        {
            var parts = assigned.Where(x => x.a.UnitIndex == unit).ToList();
            var count = parts.Count > 0 ? parts[0].a.Parts : 1;
            if (parts.Count != count || parts.Any(p => p.a.Parts != count) || !parts.Select(p => p.a.Part).Order().SequenceEqual(Enumerable.Range(0, count)))
            {
                throw new InputException($"manifest.shard.assignment: unit {unit} of {shards[0].Shard.Units} is not covered exactly once by the shards " +
                    $"({(parts.Count == 0 ? "no shard ran it" : string.Join(", ", parts.Select(p => $"{p.Shard.Label} part {p.a.Part + 1} of {p.a.Parts}")))})");
            }
        }
    }

    private static void CheckComplete(IReadOnlyList<ShardFolder> shards)
    {
        var count = shards[0].Shard.Count;
        foreach (var group in shards.GroupBy(s => s.Shard.Index).Where(g => g.Count() > 1))
        {
            throw new InputException($"shard {group.Key} of {count} is given twice: {string.Join(", ", group.Select(s => s.Path))}");
        }
        var missing = Enumerable.Range(0, count).Except(shards.Select(s => s.Shard.Index)).ToList();
        if (missing.Count > 0)
        {
            throw new InputException(missing.Count == 1
                ? $"missing shard {missing[0]} of {count} (folder {ShardSpec.FolderParent}/{missing[0]}-of-{count}); run it, then merge again"
                : $"missing shards {string.Join(", ", missing)} of {count} (folders {string.Join(", ", missing.Select(i => $"{ShardSpec.FolderParent}/{i}-of-{count}"))}); run them, then merge again");
        }
    }
}

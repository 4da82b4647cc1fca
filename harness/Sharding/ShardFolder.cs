using System.Text.Json;
using SvDecode.Eval.Results;

namespace SvDecode.Eval.Sharding;

/// <summary>What `merge` reads from one shard folder: its results.json (with the manifest's shard block) and shard_scores.json.</summary>
public sealed record ShardFolder(string Path, RunResults Results, ShardInfo Shard, IReadOnlyList<ShardUnitScores> Units)
{
    /// <summary>"shard 1 of 3 (path)", for messages.</summary>
    public string Label => $"shard {Shard.Index} of {Shard.Count} ({Path})";

    public static ShardFolder Load(string folder)
    {
        var path = System.IO.Path.GetFullPath(folder);
        var resultsPath = System.IO.Path.Combine(path, JsonResultsExporter.FileName);
        if (!File.Exists(resultsPath))
        {
            throw new InputException($"{path}: no {JsonResultsExporter.FileName} (not a shard folder; shards are written by run --shard i/n)");
        }
        var results = Read<RunResults>(resultsPath);
        if (results.Manifest?.Shard is not { } shard)
        {
            throw new InputException($"{resultsPath}: manifest.shard is missing: these are not a shard's results (run with --shard i/n)");
        }
        var scoresPath = System.IO.Path.Combine(path, ShardUnitScores.FileName);
        if (!File.Exists(scoresPath))
        {
            throw new InputException($"{path}: no {ShardUnitScores.FileName} (the shard's per-item scores); run the shard again to finish it");
        }
        return new ShardFolder(path, results, shard, Read<List<ShardUnitScores>>(scoresPath));
    }

    /// <summary>
    /// The shard folders named by the arguments: a shard folder itself, or a run directory whose shards/ holds them
    /// (every "i-of-n" folder in it).
    /// </summary>
    public static IReadOnlyList<string> Discover(IEnumerable<string> arguments)
    {
        var folders = new List<string>();
        foreach (var argument in arguments)
        {
            var path = System.IO.Path.GetFullPath(argument);
            var shards = System.IO.Path.Combine(path, ShardSpec.FolderParent);
            if (File.Exists(System.IO.Path.Combine(path, JsonResultsExporter.FileName)) && !Directory.Exists(shards))
            {
                folders.Add(path);
            }
            else if (Directory.Exists(shards))
            {
                var found = Directory.EnumerateDirectories(shards)
                    .Where(d => ShardSpec.FromFolderName(System.IO.Path.GetFileName(d)) is not null)
                    .Order(StringComparer.Ordinal)
                    .ToList();
                if (found.Count == 0)
                {
                    throw new InputException($"{shards}: no shard folders (i-of-n) in it");
                }
                folders.AddRange(found);
            }
            else
            {
                throw new InputException($"{path}: neither a shard folder (with {JsonResultsExporter.FileName}) nor a run directory with a {ShardSpec.FolderParent}/ folder");
            }
        }
        return [.. folders.Distinct(StringComparer.Ordinal)];
    }

    private static T Read<T>(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(File.ReadAllBytes(path), Json.Options)
                ?? throw new InputException($"{path}: empty JSON");
        }
        catch (JsonException ex)
        {
            throw new InputException($"{path}: not readable ({ex.Message})");
        }
    }
}

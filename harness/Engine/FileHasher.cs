using System.Collections.Concurrent;
using System.Text.Json;
using SvDecode.Eval.Platform;
using SvDecode.Eval.Results;

namespace SvDecode.Eval.Engine;

/// <summary>
/// SHA-256 of input files, remembered by (path, size, modification time) in &lt;output&gt;/.cache so a multi-GB model
/// is hashed once, not on every run. Every hashed file is also an input of the run's manifest.
/// </summary>
public sealed class FileHasher
{
    private readonly string? _cachePath;
    private readonly ConcurrentDictionary<string, CachedHash> _cache;
    private readonly ConcurrentDictionary<string, InputFile> _inputs = new(StringComparer.Ordinal);

    public FileHasher(string? cachePath)
    {
        _cachePath = cachePath;
        _cache = new ConcurrentDictionary<string, CachedHash>(Load(cachePath), StringComparer.Ordinal);
    }

    public string Hash(string path, string role = "input")
    {
        var full = Path.GetFullPath(path);
        if (!_inputs.ContainsKey(full)) // checked once per run: fingerprints hash the same files for every unit and stage
        {
            InputPath.RequireReadableFile(full, $"{role} file", notFound: $"{full}: file not found");
        }
        var info = new FileInfo(full);
        var stamp = info.LastWriteTimeUtc.Ticks;
        if (!_cache.TryGetValue(full, out var cached) || cached.Size != info.Length || cached.Modified != stamp)
        {
            cached = new CachedHash(info.Length, stamp, ArtifactStore.Sha256(full));
            _cache[full] = cached;
        }
        _inputs.TryAdd(full, new InputFile(role, full, cached.Size, cached.Sha256));
        return cached.Sha256;
    }

    /// <summary>Every file hashed during the run, sorted by path so results.json is stable.</summary>
    public IReadOnlyList<InputFile> Inputs => [.. _inputs.Values.OrderBy(i => i.Path, StringComparer.Ordinal)];

    public void Save()
    {
        if (_cachePath is not null)
        {
            AtomicFile.WriteJson(_cachePath, new SortedDictionary<string, CachedHash>(_cache, StringComparer.Ordinal));
        }
    }

    private static Dictionary<string, CachedHash> Load(string? path)
    {
        if (path is null || !File.Exists(path))
        {
            return [];
        }
        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, CachedHash>>(File.ReadAllBytes(path), Json.Options) ?? [];
        }
        catch (JsonException)
        {
            return []; // a damaged cache only costs re-hashing
        }
    }

    private sealed record CachedHash(long Size, long Modified, string Sha256);
}

using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace SvDecode.Eval.Engine;

/// <summary>
/// Artifacts under &lt;output&gt;/artifacts/&lt;stage&gt;/&lt;key&gt;/. A stage writes into a temporary folder that is
/// renamed into place after its manifest (with every file's SHA-256) is written, so a folder under its key is
/// always whole. On reuse every file is verified against the manifest; a corrupted artifact is deleted and recomputed.
/// </summary>
public sealed class ArtifactStore
{
    /// <summary>An artifact's per-item metric values (<see cref="ArtifactWriter.AddItemScores"/>).</summary>
    public const string ItemScoresFileName = "item_scores.json";

    /// <summary>An artifact's per-item outputs (<see cref="ArtifactWriter.WriteItemOutputs{T}"/>).</summary>
    public const string ItemOutputsFileName = "items.jsonl";

    private const string TempMarker = ".tmp-";
    private readonly string _root;
    private readonly ILogger _logger;

    public ArtifactStore(string root, ILogger logger)
    {
        _root = root;
        _logger = logger;
        System.IO.Directory.CreateDirectory(root);
    }

    public string Root => _root;

    /// <summary>Removes folders left by a stage that was killed before it committed.</summary>
    public int RemoveAbandoned()
    {
        var removed = 0;
        foreach (var stageDir in System.IO.Directory.EnumerateDirectories(_root))
        {
            foreach (var dir in System.IO.Directory.EnumerateDirectories(stageDir, "*" + TempMarker + "*"))
            {
                System.IO.Directory.Delete(dir, recursive: true);
                removed++;
            }
        }
        return removed;
    }

    public ArtifactReader? TryOpen(string stage, string key)
    {
        var directory = Path.Combine(_root, stage, key);
        var manifestPath = Path.Combine(directory, ArtifactManifest.FileName);
        if (!File.Exists(manifestPath))
        {
            return null;
        }
        string? problem;
        ArtifactManifest? manifest = null;
        try
        {
            manifest = JsonSerializer.Deserialize<ArtifactManifest>(File.ReadAllBytes(manifestPath), Json.Options);
            problem = manifest is null || manifest.Key != key ? "its manifest does not match its key" : Verify(directory, manifest);
        }
        catch (Exception ex) when (ex is JsonException or IOException or NotSupportedException)
        {
            problem = "its manifest is unreadable: " + ex.Message;
        }
        if (problem is null)
        {
            return new ArtifactReader(directory, manifest!);
        }
        _logger.LogWarning("Artifact {Stage}/{Key} is corrupted ({Problem}); recomputing it.", stage, key, problem);
        System.IO.Directory.Delete(directory, recursive: true);
        return null;
    }

    public ArtifactWriter BeginWrite(string stage, string key)
    {
        var temp = Path.Combine(_root, stage, $"{key}{TempMarker}{Environment.ProcessId}");
        if (System.IO.Directory.Exists(temp))
        {
            System.IO.Directory.Delete(temp, recursive: true);
        }
        System.IO.Directory.CreateDirectory(temp);
        return new ArtifactWriter(temp);
    }

    public ArtifactReader Commit(ArtifactWriter writer, string stage, int version, string key, string unit)
    {
        if (writer.ItemScores.Count > 0)
        {
            writer.WriteJson(ItemScoresFileName, writer.ItemScores);
        }
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in System.IO.Directory.EnumerateFiles(writer.Directory, "*", SearchOption.AllDirectories))
        {
            files[Path.GetRelativePath(writer.Directory, file).Replace('\\', '/')] = Sha256(file);
        }
        var manifest = new ArtifactManifest(stage, version, key, unit, files, [.. writer.Metrics], writer.Diagnostics.ToDictionary()) { MuStar = writer.MuStar };
        File.WriteAllBytes(Path.Combine(writer.Directory, ArtifactManifest.FileName), JsonSerializer.SerializeToUtf8Bytes(manifest, Json.Options));
        var final = Path.Combine(_root, stage, key);
        if (System.IO.Directory.Exists(final))
        {
            System.IO.Directory.Delete(final, recursive: true);
        }
        System.IO.Directory.Move(writer.Directory, final);
        return new ArtifactReader(final, manifest);
    }

    public static void Abandon(ArtifactWriter writer)
    {
        if (System.IO.Directory.Exists(writer.Directory))
        {
            System.IO.Directory.Delete(writer.Directory, recursive: true);
        }
    }

    private static string? Verify(string directory, ArtifactManifest manifest)
    {
        foreach (var (relative, expected) in manifest.Files)
        {
            var path = Path.Combine(directory, relative);
            if (!File.Exists(path))
            {
                return $"{relative} is missing";
            }
            if (Sha256(path) != expected)
            {
                return $"{relative} does not match its hash";
            }
        }
        return null;
    }

    internal static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}

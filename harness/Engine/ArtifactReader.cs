using System.Text.Json;
using SvDecode.Eval.Metrics;
using SvDecode.Eval.Results;

namespace SvDecode.Eval.Engine;

/// <summary>A committed, verified artifact of an earlier stage.</summary>
public sealed class ArtifactReader
{
    internal ArtifactReader(string directory, ArtifactManifest manifest)
    {
        Directory = directory;
        Manifest = manifest;
    }

    public string Directory { get; }

    public ArtifactManifest Manifest { get; }

    public string Key => Manifest.Key;

    public string PathOf(string fileName) => Path.Combine(Directory, fileName);

    public bool Exists(string fileName) => File.Exists(PathOf(fileName));

    /// <summary>The per-item metric values this artifact recorded (none for most stages).</summary>
    public IReadOnlyList<ItemScores> ItemScores() =>
        Exists(ArtifactStore.ItemScoresFileName) ? ReadJson<List<ItemScores>>(ArtifactStore.ItemScoresFileName) : [];

    /// <summary>The per-item outputs file (<see cref="ArtifactWriter.WriteItemOutputs{T}"/>), or null when the stage wrote none.</summary>
    public string? ItemOutputsPath => Exists(ArtifactStore.ItemOutputsFileName) ? PathOf(ArtifactStore.ItemOutputsFileName) : null;

    public T ReadJson<T>(string fileName)
    {
        using var stream = File.OpenRead(PathOf(fileName));
        return JsonSerializer.Deserialize<T>(stream, Json.Options)
            ?? throw new InvalidDataException($"{PathOf(fileName)} holds null");
    }
}

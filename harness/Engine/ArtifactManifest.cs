namespace SvDecode.Eval.Engine;

/// <summary>Written last into an artifact folder: what made it and the SHA-256 of every file, so reuse can verify it.</summary>
public sealed record ArtifactManifest(
    string Stage,
    int StageVersion,
    string Key,
    string Unit,
    IReadOnlyDictionary<string, string> Files,
    IReadOnlyList<MetricValue> Metrics,
    IReadOnlyDictionary<string, double> Diagnostics)
{
    public const string FileName = "_artifact.json";
}

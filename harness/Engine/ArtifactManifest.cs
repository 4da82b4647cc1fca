using System.Text.Json.Serialization;
using SvDecode.Eval.Results;
using SvDecode.Eval.Steering;

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

    /// <summary>The μ* histogram the stage recorded (<see cref="ArtifactWriter.MuStar"/>), for the results.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public StrengthHistogram? MuStar { get; init; }
}

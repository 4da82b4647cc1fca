using SvDecode.Eval.Engine;
using SvDecode.Eval.Steering;

namespace SvDecode.Eval.Results;

/// <summary>Where the strength stage leaves its <see cref="StrengthReport"/>: strength.json in its artifact.</summary>
public static class StrengthArtifact
{
    public const string StageName = "strength";
    public const string FileName = "strength.json";

    /// <summary>The μ* histogram of the unit's strength artifact, or null when the unit has none (unsteered cells).</summary>
    public static StrengthHistogram? Histogram(IEnumerable<ArtifactReader> artifacts)
    {
        var strength = artifacts.FirstOrDefault(a => a.Manifest.Stage == StageName && a.Exists(FileName));
        return strength is null ? null : StrengthReport.FromJson(File.ReadAllText(strength.PathOf(FileName))).Histogram;
    }
}

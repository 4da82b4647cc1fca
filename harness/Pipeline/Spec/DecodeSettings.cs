using System.ComponentModel.DataAnnotations;

namespace SvDecode.Eval.Pipeline.Spec;

/// <summary>Generation settings for benchmarks scored by generating text.</summary>
public sealed record DecodeSettings
{
    public DecodeStrategy Strategy { get; init; } = DecodeStrategy.Greedy;

    [Range(1, 65536)]
    public int MaxNewTokens { get; init; } = 64;

    [Range(0.0, 100.0, MinimumIsExclusive = true)]
    public double Temperature { get; init; } = 1.0;

    [SpecDoc("sample from the k most likely tokens; 0 turns it off")]
    [Range(0, 1_000_000)]
    public int TopK { get; init; }

    [SpecDoc("sample from the smallest set with this much probability; 1 turns it off")]
    [Range(0.0, 1.0, MinimumIsExclusive = true)]
    public double TopP { get; init; } = 1.0;

    [Range(1, 64)]
    public int NumBeams { get; init; } = 4;

    [SpecDoc("generation stops at the first of these strings")]
    public IReadOnlyList<string> StopStrings { get; init; } = ["\n\n"];

    [Range(1, 1024)]
    public int BatchSize { get; init; } = 8;
}

public enum DecodeStrategy
{
    Greedy,
    Sample,
    Beam,
}

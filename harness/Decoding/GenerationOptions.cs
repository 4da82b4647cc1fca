namespace SvDecode.Eval.Decoding;

/// <summary>How to pick tokens.</summary>
public enum DecodingStrategy
{
    Greedy,
    Sample,
    Beam,
}

/// <summary>
/// Stop conditions and strategy for generation. Generation stops at <see cref="MaxNewTokens"/>, at any of
/// <see cref="StopTokenIds"/> (EOS; the token is kept in the output), or once the decoded continuation contains one of
/// <see cref="StopStrings"/> (needs a decode callback).
/// </summary>
public sealed record GenerationOptions
{
    public int MaxNewTokens { get; init; } = 32;
    public IReadOnlyList<int> StopTokenIds { get; init; } = [];
    public IReadOnlyList<string> StopStrings { get; init; } = [];
    public DecodingStrategy Strategy { get; init; } = DecodingStrategy.Greedy;

    /// <summary>Sampling: logits are divided by this (&gt; 0).</summary>
    public double Temperature { get; init; } = 1.0;

    /// <summary>Sampling: keep the k most likely tokens (0 = all).</summary>
    public int TopK { get; init; }

    /// <summary>Sampling: keep the smallest set whose probability reaches p (1 = all).</summary>
    public double TopP { get; init; } = 1.0;
    public int Seed { get; init; }
    public int NumBeams { get; init; } = 4;

    /// <summary>Beam search ranks finished hypotheses by sum log p / length^LengthPenalty (HF convention).</summary>
    public double LengthPenalty { get; init; } = 1.0;
}

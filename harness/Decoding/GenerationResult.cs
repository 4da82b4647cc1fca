namespace SvDecode.Eval.Decoding;

/// <summary>Why generation ended for a row.</summary>
public enum StopReason
{
    MaxNewTokens,
    StopToken,
    StopString,

    /// <summary>Beam search: no live hypothesis had an extension with a finite log-probability (every token masked,
    /// or non-finite logits), so the hypotheses ended as they stood.</summary>
    NoFiniteToken,
}

/// <summary>
/// Generated token ids (a stop token is included; tokens after a stop string are not generated). <see cref="Text"/>
/// is the decoded continuation cut before the first stop string, when a decoder was given.
/// </summary>
public sealed record GenerationResult(IReadOnlyList<int> TokenIds, string? Text, StopReason StopReason);

namespace SvDecode.Eval.Tokenization;

/// <summary>
/// A token matched whole in the raw text before any normalization or BPE (Hugging Face "added_tokens").
/// <paramref name="Special"/> tokens are the ones dropped by decoding with skipSpecialTokens.
/// </summary>
public sealed record AddedToken(int Id, string Content, bool Special, bool LeftStrip = false, bool RightStrip = false);

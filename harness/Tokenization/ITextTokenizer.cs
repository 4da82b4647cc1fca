namespace SvDecode.Eval.Tokenization;

/// <summary>
/// A Hugging Face-compatible text tokenizer: the ids it produces are the ids the checkpoint was trained on.
/// </summary>
public interface ITextTokenizer
{
    /// <summary>Number of ids, including added tokens (the highest id + 1).</summary>
    int VocabSize { get; }

    int? BosTokenId { get; }

    int? EosTokenId { get; }

    int? PadTokenId { get; }

    int? UnkTokenId { get; }

    /// <summary>Whether <see cref="Encode"/> with special tokens puts the BOS id first.</summary>
    bool AddBosToken { get; }

    /// <summary>Whether <see cref="Encode"/> with special tokens puts the EOS id last.</summary>
    bool AddEosToken { get; }

    /// <summary>Token ids of <paramref name="text"/>; with <paramref name="addSpecialTokens"/> the BOS/EOS the model expects are added.</summary>
    IReadOnlyList<int> Encode(string text, bool addSpecialTokens = true);

    /// <summary>The text of <paramref name="ids"/>; special tokens are dropped when <paramref name="skipSpecialTokens"/>.</summary>
    string Decode(IEnumerable<int> ids, bool skipSpecialTokens = false);

    /// <summary>The vocabulary spelling of an id (e.g. "Ġworld", "▁Hello", "&lt;0x0A&gt;"), or null when out of range.</summary>
    string? IdToToken(int id);

    /// <summary>The id of a vocabulary spelling, or null when it is not in the vocabulary.</summary>
    int? TokenToId(string token);
}

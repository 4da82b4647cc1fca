namespace SvDecode.Eval.Tokenization;

/// <summary>
/// Everything a loaded tokenizer is made of, whichever file it came from: the Hugging Face pipeline
/// added tokens → normalizer → pre-tokenizer → BPE model → (BOS/EOS template), and the decoder chain back.
/// </summary>
internal sealed record TokenizerParts(
    string SourceFile,
    BpeModel Model,
    IReadOnlyDictionary<string, int> Vocab,
    IReadOnlyList<AddedToken> AddedTokens,
    TextNormalizer? Normalizer,
    PreTokenizerStep? PreTokenizer,
    TokenDecoder? Decoder,
    IReadOnlyList<int> PrefixIds,
    IReadOnlyList<int> SuffixIds,
    int? BosTokenId,
    int? EosTokenId,
    int? PadTokenId,
    int? UnkTokenId,
    bool SplitSpecialTokens);

using SvDecode.Eval.Tokenization;

namespace SvDecode.Eval.Tests.Support;

/// <summary>
/// A test tokenizer with one id per character: id = code point mod <paramref name="modulus"/> + <paramref name="offset"/>
/// (no modulus: the code point itself). No special tokens. For tests that script a language model's scores by text.
/// </summary>
internal sealed class CodePointTokenizer(int vocabSize, int? modulus = null, int offset = 0) : ITextTokenizer
{
    public int VocabSize => vocabSize;
    public int? BosTokenId => null;
    public int? EosTokenId => null;
    public int? PadTokenId => null;
    public int? UnkTokenId => null;
    public bool AddBosToken => false;
    public bool AddEosToken => false;
    public IReadOnlyList<int> Encode(string text, bool addSpecialTokens = true) => [.. text.Select(c => (modulus is { } m ? c % m : c) + offset)];
    public string Decode(IEnumerable<int> ids, bool skipSpecialTokens = false) => new([.. ids.Select(i => (char)(i - offset))]);
    public string? IdToToken(int id) => null;
    public int? TokenToId(string token) => null;
}

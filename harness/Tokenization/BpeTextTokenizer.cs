namespace SvDecode.Eval.Tokenization;

/// <summary>
/// The <see cref="ITextTokenizer"/> for every supported layout (byte-level BPE; SentencePiece-style BPE with byte
/// fallback), running the Hugging Face encode pipeline over <see cref="TokenizerParts"/>.
/// </summary>
internal sealed class BpeTextTokenizer : ITextTokenizer
{
    private readonly TokenizerParts _parts;
    private readonly AddedTokenSplitter _splitter;
    private readonly string?[] _idToToken;
    private readonly HashSet<int> _specialIds;
    private readonly Dictionary<string, int> _tokenToId;

    public BpeTextTokenizer(TokenizerParts parts)
    {
        _parts = parts;
        // split_special_tokens: special tokens in the text are then ordinary text; other added tokens still split out.
        _splitter = new AddedTokenSplitter(parts.AddedTokens.Where(t => !(parts.SplitSpecialTokens && t.Special)));
        _specialIds = parts.AddedTokens.Where(t => t.Special).Select(t => t.Id).ToHashSet();
        _tokenToId = new Dictionary<string, int>(parts.Vocab, StringComparer.Ordinal);
        foreach (var added in parts.AddedTokens)
        {
            _tokenToId[added.Content] = added.Id;
        }
        var size = _tokenToId.Count == 0 ? 0 : _tokenToId.Values.Max() + 1;
        _idToToken = new string?[size];
        foreach (var (token, id) in parts.Vocab)
        {
            _idToToken[id] ??= token;
        }
        foreach (var added in parts.AddedTokens)
        {
            // An added token overrides the model's spelling of the same id, as in HF.
            _idToToken[added.Id] = added.Content;
        }
    }

    public string SourceFile => _parts.SourceFile;

    public int VocabSize => _idToToken.Length;

    public int? BosTokenId => _parts.BosTokenId;

    public int? EosTokenId => _parts.EosTokenId;

    public int? PadTokenId => _parts.PadTokenId;

    public int? UnkTokenId => _parts.UnkTokenId;

    public bool AddBosToken => _parts.BosTokenId is { } bos && _parts.PrefixIds.Contains(bos);

    public bool AddEosToken => _parts.EosTokenId is { } eos && _parts.SuffixIds.Contains(eos);

    public IReadOnlyList<int> Encode(string text, bool addSpecialTokens = true)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ids = new List<int>();
        if (addSpecialTokens)
        {
            ids.AddRange(_parts.PrefixIds);
        }
        var segments = _splitter.IsEmpty ? [new TextSegment(text, 0, null)] : _splitter.Split(text);
        foreach (var segment in segments)
        {
            if (segment.Token is { } token)
            {
                ids.Add(token.Id);
                continue;
            }
            var normalized = _parts.Normalizer?.Normalize(segment.Text) ?? segment.Text;
            var first = new PreToken(normalized, segment.Offset == 0);
            var pieces = _parts.PreTokenizer?.SplitAll([first]) ?? [first];
            foreach (var piece in pieces)
            {
                _parts.Model.Encode(piece.Text, ids);
            }
        }
        if (addSpecialTokens)
        {
            ids.AddRange(_parts.SuffixIds);
        }
        return ids;
    }

    public string Decode(IEnumerable<int> ids, bool skipSpecialTokens = false)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var tokens = new List<string>();
        foreach (var id in ids)
        {
            // Unknown ids are dropped, as HF does.
            if (IdToToken(id) is not { } token || (skipSpecialTokens && _specialIds.Contains(id)))
            {
                continue;
            }
            tokens.Add(token);
        }
        if (_parts.Decoder is null)
        {
            return string.Join(' ', tokens);
        }
        return string.Concat(_parts.Decoder.Decode(tokens));
    }

    public string? IdToToken(int id) => id >= 0 && id < _idToToken.Length ? _idToToken[id] : null;

    public int? TokenToId(string token) => _tokenToId.TryGetValue(token, out var id) ? id : null;
}

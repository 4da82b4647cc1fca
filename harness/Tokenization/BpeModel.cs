using Microsoft.ML.Tokenizers;

namespace SvDecode.Eval.Tokenization;

/// <summary>Settings of a BPE model as tokenizer.json's "model" states them.</summary>
internal sealed record BpeModelOptions(
    IReadOnlyDictionary<string, int> Vocab,
    IReadOnlyList<(string Left, string Right)> Merges,
    bool ByteLevel,
    bool ByteFallback = false,
    string? UnknownToken = null,
    bool FuseUnknown = false,
    bool IgnoreMerges = false);

/// <summary>
/// BPE on one pre-token, built on Microsoft.ML.Tokenizers' <see cref="BpeTokenizer"/> (which does the merges and,
/// for byte-level models, the byte → character mapping). Added here because Microsoft.ML.Tokenizers 3.0.0 lacks them:
/// byte fallback ("&lt;0xNN&gt;" for characters outside the vocabulary, SentencePiece style) and ignore_merges
/// (Llama 3: a pre-token that is itself in the vocabulary is emitted whole).
/// </summary>
internal sealed class BpeModel
{
    private readonly BpeTokenizer _bpe;
    private readonly BpeModelOptions _options;
    private readonly int? _unknownId;
    private readonly int? _markerId;
    private readonly int[]? _byteIds;

    public BpeModel(BpeModelOptions options)
    {
        _options = options;
        foreach (var (left, right) in options.Merges)
        {
            if (left.Contains(' ') || right.Contains(' '))
            {
                // ML.NET reads merges as "left right" lines, so a space inside a piece cannot be expressed.
                throw new FormatException($"merge ('{left}', '{right}') contains a space, which ML.NET's BPE cannot represent");
            }
        }
        // ML.NET marks characters outside the vocabulary with its unknown token, which is how byte fallback finds
        // them. A byte-fallback model without an unk_token gets a private marker no text can produce (no merge
        // builds it); its id is never emitted.
        var vocab = options.Vocab;
        var unknownToken = options.UnknownToken;
        if (unknownToken is not null && !vocab.ContainsKey(unknownToken))
        {
            throw new FormatException($"unk_token '{unknownToken}' is not in the vocabulary");
        }
        if (unknownToken is null && options.ByteFallback)
        {
            unknownToken = "\uFFFF<byte-fallback-marker>\uFFFF";
            _markerId = vocab.Count == 0 ? 0 : vocab.Values.Max() + 1;
            vocab = new Dictionary<string, int>(vocab) { [unknownToken] = _markerId.Value };
        }
        _bpe = BpeTokenizer.Create(new BpeOptions(vocab)
        {
            Merges = options.Merges.Select(m => m.Left + " " + m.Right),
            ByteLevel = options.ByteLevel,
            PreTokenizer = WholeTextPreTokenizer.Instance,
            UnknownToken = unknownToken,
            // Unknowns are fused here, after byte fallback had its chance (HF order).
            FuseUnknownTokens = false,
        });
        _unknownId = unknownToken is null ? null : vocab[unknownToken];
        if (options.ByteFallback)
        {
            _byteIds = new int[256];
            for (var b = 0; b < 256; b++)
            {
                _byteIds[b] = options.Vocab.TryGetValue($"<0x{b:X2}>", out var id) ? id : -1;
            }
        }
    }

    public void Encode(string piece, List<int> ids)
    {
        if (piece.Length == 0)
        {
            return;
        }
        if (_options.IgnoreMerges)
        {
            var spelling = _options.ByteLevel ? ByteLevelAlphabet.Encode(piece) : piece;
            if (_options.Vocab.TryGetValue(spelling, out var whole))
            {
                ids.Add(whole);
                return;
            }
        }
        if (_unknownId is null)
        {
            ids.AddRange(_bpe.EncodeToIds(piece));
            return;
        }
        var previousWasUnknown = false;
        foreach (var token in _bpe.EncodeToTokens(piece, out _))
        {
            if (token.Id != _unknownId.Value)
            {
                ids.Add(token.Id);
                previousWasUnknown = false;
                continue;
            }
            var original = piece[token.Offset];
            if (_byteIds is not null && TryByteFallback(original, ids))
            {
                previousWasUnknown = false;
                continue;
            }
            if (_markerId is not null)
            {
                continue; // no unk_token: HF drops the character
            }
            if (!(_options.FuseUnknown && previousWasUnknown))
            {
                ids.Add(_unknownId.Value);
            }
            previousWasUnknown = true;
        }
    }

    private bool TryByteFallback(string text, List<int> ids)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);
        if (bytes.Any(b => _byteIds![b] < 0))
        {
            return false;
        }
        ids.AddRange(bytes.Select(b => _byteIds![b]));
        return true;
    }
}

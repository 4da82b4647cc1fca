using System.Buffers.Binary;
using System.Text;
using SvDecode.Eval.Platform;

namespace SvDecode.Eval.Tokenization;

/// <summary>
/// Reads a SentencePiece tokenizer.model (a protobuf ModelProto) into <see cref="TokenizerParts"/>.
/// Microsoft.ML.Tokenizers' LlamaTokenizer loads this file but breaks ties between equal-score merges differently
/// from sentencepiece (on Mistral: "▁:" "::" instead of "▁::" ":") and returns [] instead of [BOS] for "", and it
/// does not expose the piece scores. So the proto is read here (pieces, scores, types, normalizer flags) and the
/// pieces are turned into ranked merges the way transformers' SentencePieceExtractor does; encoding then runs on
/// the same ML.NET BPE as tokenizer.json, with sentencepiece's normalization (" " → "▁" and a dummy "▁" prefix,
/// on every segment between added tokens, or only at the start when tokenizer_config.json says legacy: false).
/// </summary>
internal static class SentencePieceModelReader
{
    private enum PieceType { Normal = 1, Unknown = 2, Control = 3, UserDefined = 4, Unused = 5, Byte = 6 }

    private sealed record Piece(string Text, float Score, PieceType Type);

    public static TokenizerParts Read(string path, TokenizerConfig config)
    {
        InputPath.RequireReadableFile(path, "tokenizer.model");
        byte[] data;
        try
        {
            data = File.ReadAllBytes(path);
        }
        catch (IOException ex)
        {
            throw new InputException($"{path}: cannot read the file: {ex.Message}", ex);
        }
        var pieces = new List<Piece>();
        var modelType = 1; // UNIGRAM is sentencepiece's default
        var byteFallback = false;
        int? bosId = 1, eosId = 2;
        var addDummyPrefix = true;
        var removeExtraWhitespaces = true;
        var escapeWhitespaces = true;
        string? normalizerName = null;
        try
        {
            var reader = new ProtoReader(data);
            while (reader.Next(out var field, out var wire))
            {
                switch (field)
                {
                    case 1 when wire == 2:
                        pieces.Add(ReadPiece(reader.Message()));
                        break;
                    case 2 when wire == 2:
                        var trainer = reader.Message();
                        while (trainer.Next(out var f, out var w))
                        {
                            switch (f)
                            {
                                case 3 when w == 0: modelType = (int)trainer.Varint(); break;
                                case 35 when w == 0: byteFallback = trainer.Varint() != 0; break;
                                case 41 when w == 0: bosId = NullIfNegative((int)trainer.Varint()); break;
                                case 42 when w == 0: eosId = NullIfNegative((int)trainer.Varint()); break;
                                default: trainer.Skip(w); break;
                            }
                        }
                        break;
                    case 3 when wire == 2:
                        var normalizer = reader.Message();
                        while (normalizer.Next(out var f, out var w))
                        {
                            switch (f)
                            {
                                case 1 when w == 2: normalizerName = normalizer.String(); break;
                                case 3 when w == 0: addDummyPrefix = normalizer.Varint() != 0; break;
                                case 4 when w == 0: removeExtraWhitespaces = normalizer.Varint() != 0; break;
                                case 5 when w == 0: escapeWhitespaces = normalizer.Varint() != 0; break;
                                default: normalizer.Skip(w); break;
                            }
                        }
                        break;
                    default:
                        reader.Skip(wire);
                        break;
                }
            }
        }
        catch (Exception ex) when (ex is FormatException or ArgumentOutOfRangeException or IndexOutOfRangeException)
        {
            throw new InputException($"{path}: not a valid SentencePiece model (protobuf ModelProto): {ex.Message}", ex);
        }

        if (pieces.Count == 0)
        {
            throw new InputException($"{path}: field 'pieces': the model has no pieces (is this a SentencePiece tokenizer.model?)");
        }
        if (modelType != 2)
        {
            throw new InputException($"{path}: field 'trainer_spec.model_type': unsupported model type {modelType} ({(modelType == 1 ? "Unigram" : "not BPE")}); supported: BPE (2)");
        }
        if (normalizerName is not null and not "identity")
        {
            throw new InputException($"{path}: field 'normalizer_spec.name': unsupported normalizer '{normalizerName}'; supported: identity");
        }
        if (!escapeWhitespaces)
        {
            throw new InputException($"{path}: field 'normalizer_spec.escape_whitespaces': false is not supported");
        }

        var vocab = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var id = 0; id < pieces.Count; id++)
        {
            vocab.TryAdd(pieces[id].Text, id);
        }
        var unknown = pieces.FindIndex(p => p.Type == PieceType.Unknown);
        var model = new BpeModel(new BpeModelOptions(
            vocab,
            ExtractMerges(pieces, vocab),
            ByteLevel: false,
            ByteFallback: byteFallback,
            UnknownToken: unknown >= 0 ? pieces[unknown].Text : null,
            FuseUnknown: true));

        var steps = new List<TextNormalizer>();
        if (removeExtraWhitespaces)
        {
            steps.Add(new TextNormalizer.RegexReplace(new System.Text.RegularExpressions.Regex(" {2,}"), " "));
            steps.Add(new TextNormalizer.Strip(true, true));
        }
        steps.Add(new TextNormalizer.Replace(" ", "\u2581"));
        var dummyPrefix = addDummyPrefix ? new PreTokenizerStep.DummyPrefix("\u2581", onlyAtStart: config.Legacy == false) : null;
        var decoders = new List<TokenDecoder> { new TokenDecoder.Replace("\u2581", " "), new TokenDecoder.ByteFallback(), new TokenDecoder.Fuse() };
        if (addDummyPrefix)
        {
            decoders.Add(new TokenDecoder.Strip(' ', 1, 0));
        }

        // sentencepiece matches user-defined pieces whole in the text.
        var added = config.AddedTokens.ToList();
        for (var id = 0; id < pieces.Count; id++)
        {
            if (pieces[id].Type == PieceType.UserDefined && added.All(a => a.Id != id))
            {
                added.Add(new AddedToken(id, pieces[id].Text, Special: false));
            }
        }
        var defaults = new Dictionary<string, string?>
        {
            ["bos_token"] = bosId is { } b && b < pieces.Count ? pieces[b].Text : null,
            ["eos_token"] = eosId is { } e && e < pieces.Count ? pieces[e].Text : null,
            ["unk_token"] = unknown >= 0 ? pieces[unknown].Text : null,
        };
        // transformers' LlamaTokenizer adds BOS and no EOS unless tokenizer_config.json says otherwise.
        var template = new SpecialTokenTemplate(bosId is { } bos ? [bos] : [], []);
        return SpecialTokenResolver.Resolve(path, model, vocab, added, new TextNormalizer.Sequence(steps), dummyPrefix,
            new TokenDecoder.Sequence(decoders), config, defaults, template);
    }

    private static int? NullIfNegative(int value) => value < 0 ? null : value;

    private static Piece ReadPiece(ProtoReader reader)
    {
        string text = "";
        float score = 0;
        var type = PieceType.Normal;
        while (reader.Next(out var field, out var wire))
        {
            switch (field)
            {
                case 1 when wire == 2: text = reader.String(); break;
                case 2 when wire == 5: score = reader.Float(); break;
                case 3 when wire == 0: type = (PieceType)reader.Varint(); break;
                default: reader.Skip(wire); break;
            }
        }
        return new Piece(text, score, type);
    }

    /// <summary>
    /// Every split of every mergeable piece into two vocabulary pieces, ranked by the merged piece's score (highest
    /// first), then by the ids of the left and right pieces — the order transformers' converter writes.
    /// </summary>
    private static List<(string, string)> ExtractMerges(List<Piece> pieces, Dictionary<string, int> vocab)
    {
        var found = new List<(string Left, string Right, float Score, int LeftId, int RightId)>();
        foreach (var piece in pieces)
        {
            if (piece.Type is not (PieceType.Normal or PieceType.UserDefined))
            {
                continue;
            }
            var text = piece.Text;
            for (var i = 1; i < text.Length; i++)
            {
                if (char.IsLowSurrogate(text[i]))
                {
                    continue; // split between code points only
                }
                if (vocab.TryGetValue(text[..i], out var left) && vocab.TryGetValue(text[i..], out var right))
                {
                    found.Add((text[..i], text[i..], piece.Score, left, right));
                }
            }
        }
        return found
            .OrderByDescending(m => m.Score)
            .ThenBy(m => m.LeftId)
            .ThenBy(m => m.RightId)
            .Select(m => (m.Left, m.Right))
            .ToList();
    }

    /// <summary>Just enough protobuf wire format for ModelProto.</summary>
    private sealed class ProtoReader(byte[] data, int start = 0, int end = -1)
    {
        private readonly int _end = end < 0 ? data.Length : end;
        private int _position = start;

        public bool Next(out int field, out int wire)
        {
            field = wire = 0;
            if (_position >= _end)
            {
                return false;
            }
            var key = Varint();
            field = (int)(key >> 3);
            wire = (int)(key & 7);
            return true;
        }

        public ulong Varint()
        {
            ulong result = 0;
            for (var shift = 0; shift < 64; shift += 7)
            {
                if (_position >= _end)
                {
                    throw new FormatException("truncated varint");
                }
                var b = data[_position++];
                result |= (ulong)(b & 0x7F) << shift;
                if ((b & 0x80) == 0)
                {
                    return result;
                }
            }
            throw new FormatException("varint longer than 10 bytes");
        }

        public ProtoReader Message()
        {
            var length = Length();
            var reader = new ProtoReader(data, _position, _position + length);
            _position += length;
            return reader;
        }

        public string String()
        {
            var length = Length();
            var text = Encoding.UTF8.GetString(data, _position, length);
            _position += length;
            return text;
        }

        public float Float()
        {
            Need(4);
            var value = BinaryPrimitives.ReadSingleLittleEndian(data.AsSpan(_position, 4));
            _position += 4;
            return value;
        }

        public void Skip(int wire)
        {
            switch (wire)
            {
                case 0: Varint(); break;
                case 1: Need(8); _position += 8; break;
                case 2: var length = Length(); _position += length; break; // not "_position += Length()": that reads _position before Length() moves it
                case 5: Need(4); _position += 4; break;
                default: throw new FormatException($"unsupported wire type {wire}");
            }
        }

        private int Length()
        {
            var length = Varint();
            if (length > (ulong)(_end - _position))
            {
                throw new FormatException("length runs past the end of the message");
            }
            return (int)length;
        }

        private void Need(int count)
        {
            if (_end - _position < count)
            {
                throw new FormatException("truncated field");
            }
        }
    }
}

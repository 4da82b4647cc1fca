namespace SvDecode.Eval.Tokenization;

/// <summary>
/// Loads the tokenizer of a Hugging Face model folder. The BPE merges run on Microsoft.ML.Tokenizers
/// (<see cref="BpeModel"/>); the rest is ours because the library (3.0.0, checked against the shared fixtures) cannot
/// reproduce Hugging Face's ids with it: it has no loader for a BPE tokenizer.json, no byte fallback or ignore_merges
/// (Mistral's tokenizer.json 39/46 and stories260k 25/46 reference texts right), matches special tokens only after
/// normalization (NFC turns "&gt;" + U+0338 into "≯" and loses "&lt;|im_end|&gt;"), has no NFC/Prepend/Replace
/// normalizers, Split behaviours or tokenizer.json decoders, and its SentencePiece reader breaks one merge tie
/// differently (Mistral tokenizer.model 45/46). GPT-2 and Qwen2 byte-level BPE from vocab.json + merges.txt it does
/// reproduce (46/46), which is what <see cref="BpeModel"/> builds on.
/// </summary>
public static class TokenizerLoader
{
    /// <summary>Whether <paramref name="folder"/> holds a tokenizer <see cref="Load"/> can read (it may still be malformed).</summary>
    public static bool HasTokenizer(string folder) =>
        File.Exists(Path.Combine(folder, "tokenizer.json")) || File.Exists(Path.Combine(folder, "tokenizer.model")) ||
        (File.Exists(Path.Combine(folder, "vocab.json")) && File.Exists(Path.Combine(folder, "merges.txt")));

    /// <summary>
    /// Picks the best file present: tokenizer.json, else vocab.json + merges.txt, else tokenizer.model; special
    /// tokens and add_bos/add_eos come from tokenizer_config.json (and special_tokens_map.json) when present.
    /// </summary>
    public static ITextTokenizer Load(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        if (!Directory.Exists(folder))
        {
            throw new InputException($"{folder}: the tokenizer folder does not exist");
        }
        var config = TokenizerConfig.Load(folder);
        var tokenizerJson = Path.Combine(folder, "tokenizer.json");
        if (File.Exists(tokenizerJson))
        {
            return new BpeTextTokenizer(TokenizerJsonReader.Read(tokenizerJson, config));
        }
        var vocab = Path.Combine(folder, "vocab.json");
        var merges = Path.Combine(folder, "merges.txt");
        if (File.Exists(vocab) && File.Exists(merges))
        {
            return new BpeTextTokenizer(VocabMergesReader.Read(vocab, merges, config));
        }
        var model = Path.Combine(folder, "tokenizer.model");
        if (File.Exists(model))
        {
            return new BpeTextTokenizer(SentencePieceModelReader.Read(model, config));
        }
        throw new InputException(
            $"{folder}: no tokenizer found; expected tokenizer.json, vocab.json + merges.txt, or tokenizer.model"
            + (File.Exists(vocab) ? " (vocab.json is there but merges.txt is missing)" : ""));
    }

    /// <summary>Loads one specific file (tokenizer.json, vocab.json, or tokenizer.model) with its folder's tokenizer_config.json.</summary>
    public static ITextTokenizer LoadFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new InputException($"{path}: the tokenizer file does not exist");
        }
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var config = TokenizerConfig.Load(folder);
        return Path.GetFileName(path) switch
        {
            "vocab.json" => new BpeTextTokenizer(VocabMergesReader.Read(path, RequireMerges(folder), config)),
            var name when name.EndsWith(".model", StringComparison.Ordinal) => new BpeTextTokenizer(SentencePieceModelReader.Read(path, config)),
            _ => new BpeTextTokenizer(TokenizerJsonReader.Read(path, config)),
        };
    }

    private static string RequireMerges(string folder)
    {
        var merges = Path.Combine(folder, "merges.txt");
        return File.Exists(merges) ? merges : throw new InputException($"{merges}: missing; vocab.json needs merges.txt beside it");
    }
}

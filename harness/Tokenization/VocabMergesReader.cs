using System.Text;
using System.Text.Json;
using SvDecode.Eval.Platform;

namespace SvDecode.Eval.Tokenization;

/// <summary>
/// The older byte-level BPE layout: vocab.json (spelling → id) plus merges.txt (one "left right" pair per line,
/// after an optional "#version" header). The pre-tokenizer regex follows tokenizer_config.json's tokenizer_class
/// as transformers' slow tokenizers do: Qwen2 (with NFC), otherwise GPT-2.
/// </summary>
internal static class VocabMergesReader
{
    /// <summary>Qwen2's Split pattern (the same for Qwen1.5–Qwen3): case-insensitive contractions, single digits.</summary>
    public const string Qwen2Pattern =
        @"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";

    public static TokenizerParts Read(string vocabPath, string mergesPath, TokenizerConfig config)
    {
        var file = JsonFile.Load(vocabPath);
        if (file.Root.ValueKind != JsonValueKind.Object)
        {
            throw file.Error("(root)", "must be an object of token → id");
        }
        var vocab = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in file.Root.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.Number || !entry.Value.TryGetInt32(out var id) || id < 0)
            {
                throw file.Error($"[\"{entry.Name}\"]", "must be a non-negative integer id");
            }
            vocab[entry.Name] = id;
        }
        var merges = ReadMerges(mergesPath);

        var isQwen2 = config.TokenizerClass?.StartsWith("Qwen2", StringComparison.Ordinal) == true;
        var pattern = PreTokenizerStep.CompilePattern(isQwen2 ? Qwen2Pattern : PreTokenizerStep.Gpt2Pattern);
        var model = new BpeModel(new BpeModelOptions(vocab, merges, ByteLevel: true));
        var defaults = new Dictionary<string, string?>();
        if (vocab.ContainsKey("<|endoftext|>"))
        {
            // transformers' GPT2Tokenizer defaults bos/eos/unk to <|endoftext|>; Qwen2Tokenizer defaults eos and pad to it.
            defaults["eos_token"] = "<|endoftext|>";
            defaults[isQwen2 ? "pad_token" : "bos_token"] = "<|endoftext|>";
            if (!isQwen2)
            {
                defaults["unk_token"] = "<|endoftext|>";
            }
        }
        return SpecialTokenResolver.Resolve(
            vocabPath,
            model,
            vocab,
            config.AddedTokens,
            isQwen2 ? new TextNormalizer.UnicodeForm(NormalizationForm.FormC) : null,
            new PreTokenizerStep.RegexSplit(pattern, PreTokenizerStep.SplitBehavior.Isolated, invert: false),
            new TokenDecoder.ByteLevel(),
            config,
            defaults,
            template: null);
    }

    private static List<(string, string)> ReadMerges(string path)
    {
        var merges = new List<(string, string)>();
        var lineNumber = 0;
        InputPath.RequireReadableFile(path, "merges.txt");
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if ((lineNumber == 1 && line.StartsWith("#version", StringComparison.Ordinal)) || line.Length == 0)
            {
                continue;
            }
            if (line.Split(' ') is not [var left, var right] || left.Length == 0 || right.Length == 0)
            {
                throw new InputException($"{path}: line {lineNumber}: a merge must be two tokens separated by one space, found '{line}'");
            }
            merges.Add((left, right));
        }
        return merges;
    }
}

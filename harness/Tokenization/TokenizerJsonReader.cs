using System.Text.Json;
using System.Text.RegularExpressions;

namespace SvDecode.Eval.Tokenization;

/// <summary>
/// Maps a Hugging Face tokenizer.json onto <see cref="TokenizerParts"/> (Microsoft.ML.Tokenizers has no loader for it).
/// Supported: model BPE; normalizers NFC/NFD/NFKC/NFKD/Lowercase/Prepend/Replace/Strip/Sequence; pre-tokenizers
/// ByteLevel/Split/Metaspace/Digits/Sequence; decoders ByteLevel/Replace/ByteFallback/Fuse/Strip/Metaspace/Sequence;
/// post-processors TemplateProcessing/ByteLevel/Sequence. Anything else is refused with the field named.
/// </summary>
internal static class TokenizerJsonReader
{
    public static TokenizerParts Read(string path, TokenizerConfig config)
    {
        var file = JsonFile.Load(path);
        var root = file.Root;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw file.Error("(root)", "must be a JSON object");
        }

        var model = file.Require(root, "model", "model", JsonValueKind.Object);
        var type = file.String(model, "type", "model.type");
        if (type is not null && type != "BPE")
        {
            throw file.Error("model.type", $"unsupported model type '{type}'; supported: BPE");
        }
        foreach (var affix in new[] { "continuing_subword_prefix", "end_of_word_suffix" })
        {
            if (file.String(model, affix, "model." + affix) is { Length: > 0 } value)
            {
                throw file.Error("model." + affix, $"'{value}' is not supported (decoder LLM tokenizers do not use it)");
            }
        }
        var vocab = ReadVocab(file, model);
        var merges = ReadMerges(file, model);

        var normalizer = JsonFile.Get(root, "normalizer") is { } n ? ReadNormalizer(file, n, "normalizer") : null;
        var preTokenizer = JsonFile.Get(root, "pre_tokenizer") is { } p ? ReadPreTokenizer(file, p, "pre_tokenizer") : null;
        var decoder = JsonFile.Get(root, "decoder") is { } d ? ReadDecoder(file, d, "decoder") : null;
        var byteLevel = (JsonFile.Get(root, "pre_tokenizer") is { } pre && UsesByteLevel(pre))
                        || (JsonFile.Get(root, "decoder") is { } dec && UsesByteLevel(dec));

        var added = ReadAddedTokens(file, root);
        foreach (var extra in config.AddedTokens)
        {
            if (added.All(a => a.Id != extra.Id))
            {
                added.Add(extra);
            }
        }

        var unknown = file.String(model, "unk_token", "model.unk_token");
        BpeModel bpe;
        try
        {
            bpe = new BpeModel(new BpeModelOptions(
                vocab,
                merges,
                byteLevel,
                ByteFallback: file.Bool(model, "byte_fallback", "model.byte_fallback") ?? false,
                UnknownToken: unknown,
                FuseUnknown: file.Bool(model, "fuse_unk", "model.fuse_unk") ?? false,
                IgnoreMerges: file.Bool(model, "ignore_merges", "model.ignore_merges") ?? false));
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException)
        {
            throw file.Error("model", $"the BPE model cannot be built: {ex.Message}");
        }

        var template = JsonFile.Get(root, "post_processor") is { } post ? ReadTemplate(file, post, "post_processor") : null;
        var defaults = new Dictionary<string, string?>();
        if (unknown is not null)
        {
            defaults["unk_token"] = unknown;
        }
        if (byteLevel && vocab.ContainsKey("<|endoftext|>"))
        {
            // GPT-2's tokenizer_config names no special tokens; transformers' GPT2 tokenizer defaults all three to it.
            defaults["bos_token"] = defaults["eos_token"] = defaults["unk_token"] = "<|endoftext|>";
        }
        return SpecialTokenResolver.Resolve(path, bpe, vocab, added, normalizer, preTokenizer, decoder, config, defaults, template);
    }

    private static Dictionary<string, int> ReadVocab(JsonFile file, JsonElement model)
    {
        var element = file.Require(model, "vocab", "model.vocab", JsonValueKind.Object);
        var vocab = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in element.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.Number || !entry.Value.TryGetInt32(out var id) || id < 0)
            {
                throw file.Error($"model.vocab[\"{entry.Name}\"]", "must be a non-negative integer id");
            }
            vocab[entry.Name] = id;
        }
        return vocab;
    }

    private static List<(string, string)> ReadMerges(JsonFile file, JsonElement model)
    {
        var element = file.Require(model, "merges", "model.merges", JsonValueKind.Array);
        var merges = new List<(string, string)>(element.GetArrayLength());
        var index = 0;
        foreach (var merge in element.EnumerateArray())
        {
            // Two layouts exist: "left right" strings (older) and ["left", "right"] pairs (tokenizers ≥ 0.20).
            if (merge.ValueKind == JsonValueKind.String && merge.GetString()!.Split(' ') is [var l, var r])
            {
                merges.Add((l, r));
            }
            else if (merge.ValueKind == JsonValueKind.Array && merge.GetArrayLength() == 2
                     && merge[0].ValueKind == JsonValueKind.String && merge[1].ValueKind == JsonValueKind.String)
            {
                merges.Add((merge[0].GetString()!, merge[1].GetString()!));
            }
            else
            {
                throw file.Error($"model.merges[{index}]", $"must be \"left right\" or [\"left\", \"right\"], found {merge.GetRawText()}");
            }
            index++;
        }
        return merges;
    }

    private static List<AddedToken> ReadAddedTokens(JsonFile file, JsonElement root)
    {
        var list = new List<AddedToken>();
        if (JsonFile.Get(root, "added_tokens") is not { } element)
        {
            return list;
        }
        if (element.ValueKind != JsonValueKind.Array)
        {
            throw file.Error("added_tokens", "must be an array");
        }
        var index = 0;
        foreach (var token in element.EnumerateArray())
        {
            var field = $"added_tokens[{index++}]";
            list.Add(new AddedToken(
                file.RequireInt(token, "id", field + ".id"),
                file.RequireString(token, "content", field + ".content"),
                file.Bool(token, "special", field + ".special") ?? false,
                file.Bool(token, "lstrip", field + ".lstrip") ?? false,
                file.Bool(token, "rstrip", field + ".rstrip") ?? false));
        }
        return list;
    }

    private static bool UsesByteLevel(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object
        && ((element.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String && t.GetString() == "ByteLevel")
            || (element.TryGetProperty("pretokenizers", out var list) && list.ValueKind == JsonValueKind.Array && list.EnumerateArray().Any(UsesByteLevel))
            || (element.TryGetProperty("decoders", out var decoders) && decoders.ValueKind == JsonValueKind.Array && decoders.EnumerateArray().Any(UsesByteLevel)));

    private static IEnumerable<(JsonElement Item, string Field)> Items(JsonFile file, JsonElement element, string name, string field)
    {
        var list = file.Require(element, name, $"{field}.{name}", JsonValueKind.Array);
        var index = 0;
        foreach (var item in list.EnumerateArray())
        {
            yield return (item, $"{field}.{name}[{index++}]");
        }
    }

    /// <summary>A {"String": ...} or {"Regex": ...} pattern, as a .NET regex.</summary>
    private static Regex ReadPattern(JsonFile file, JsonElement element, string field)
    {
        var pattern = file.Require(element, "pattern", field + ".pattern", JsonValueKind.Object);
        string source;
        if (file.String(pattern, "String", field + ".pattern.String") is { } literal)
        {
            source = Regex.Escape(literal);
        }
        else
        {
            source = file.String(pattern, "Regex", field + ".pattern.Regex") ?? throw file.Error(field + ".pattern", "needs \"String\" or \"Regex\"");
        }
        try
        {
            return PreTokenizerStep.CompilePattern(source);
        }
        catch (ArgumentException ex)
        {
            throw file.Error(field + ".pattern", $"the regex cannot be compiled by .NET: {ex.Message}");
        }
    }

    private static string TypeOf(JsonFile file, JsonElement element, string field)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw file.Error(field, "must be an object");
        }
        return file.RequireString(element, "type", field + ".type");
    }

    private static TextNormalizer ReadNormalizer(JsonFile file, JsonElement element, string field) =>
        TypeOf(file, element, field) switch
        {
            var form when form is "NFC" or "NFD" or "NFKC" or "NFKD" => TextNormalizer.UnicodeForm.For(form),
            "Lowercase" => new TextNormalizer.Lowercase(),
            "Prepend" => new TextNormalizer.Prepend(file.RequireString(element, "prepend", field + ".prepend")),
            "Replace" => ReadReplaceNormalizer(file, element, field),
            "Strip" => new TextNormalizer.Strip(
                file.Bool(element, "strip_left", field + ".strip_left") ?? true,
                file.Bool(element, "strip_right", field + ".strip_right") ?? true),
            "Sequence" => new TextNormalizer.Sequence(
                Items(file, element, "normalizers", field).Select(i => ReadNormalizer(file, i.Item, i.Field)).ToList()),
            var other => throw file.Error(field + ".type", $"unsupported normalizer '{other}'; supported: NFC, NFD, NFKC, NFKD, Lowercase, Prepend, Replace, Strip, Sequence"),
        };

    private static TextNormalizer ReadReplaceNormalizer(JsonFile file, JsonElement element, string field)
    {
        var content = file.RequireString(element, "content", field + ".content");
        var pattern = file.Require(element, "pattern", field + ".pattern", JsonValueKind.Object);
        return file.String(pattern, "String", field + ".pattern.String") is { } literal
            ? new TextNormalizer.Replace(literal, content)
            : new TextNormalizer.RegexReplace(ReadPattern(file, element, field), content);
    }

    private static PreTokenizerStep ReadPreTokenizer(JsonFile file, JsonElement element, string field) =>
        TypeOf(file, element, field) switch
        {
            "ByteLevel" => new PreTokenizerStep.ByteLevel(
                file.Bool(element, "add_prefix_space", field + ".add_prefix_space") ?? false,
                file.Bool(element, "use_regex", field + ".use_regex") ?? true),
            "Split" => new PreTokenizerStep.RegexSplit(
                ReadPattern(file, element, field),
                ReadBehavior(file, element, field),
                file.Bool(element, "invert", field + ".invert") ?? false),
            "Metaspace" => new PreTokenizerStep.Metaspace(
                file.String(element, "replacement", field + ".replacement") ?? "\u2581",
                ReadPrependScheme(file, element, field),
                file.Bool(element, "split", field + ".split") ?? true),
            "Digits" => new PreTokenizerStep.RegexSplit(
                PreTokenizerStep.CompilePattern(file.Bool(element, "individual_digits", field + ".individual_digits") == true ? @"\p{N}" : @"\p{N}+"),
                PreTokenizerStep.SplitBehavior.Isolated,
                false),
            "Sequence" => new PreTokenizerStep.Sequence(
                Items(file, element, "pretokenizers", field).Select(i => ReadPreTokenizer(file, i.Item, i.Field)).ToList()),
            var other => throw file.Error(field + ".type", $"unsupported pre-tokenizer '{other}'; supported: ByteLevel, Split, Metaspace, Digits, Sequence"),
        };

    private static PreTokenizerStep.SplitBehavior ReadBehavior(JsonFile file, JsonElement element, string field)
    {
        var behavior = file.RequireString(element, "behavior", field + ".behavior");
        return Enum.TryParse<PreTokenizerStep.SplitBehavior>(behavior, ignoreCase: false, out var parsed)
            ? parsed
            : throw file.Error(field + ".behavior", $"unknown behaviour '{behavior}'; allowed: {string.Join(", ", Enum.GetNames<PreTokenizerStep.SplitBehavior>())}");
    }

    private static PreTokenizerStep.PrependScheme ReadPrependScheme(JsonFile file, JsonElement element, string field)
    {
        // Older files state "add_prefix_space": true/false instead of a scheme.
        var scheme = file.String(element, "prepend_scheme", field + ".prepend_scheme");
        return scheme switch
        {
            null => file.Bool(element, "add_prefix_space", field + ".add_prefix_space") == false
                ? PreTokenizerStep.PrependScheme.Never
                : PreTokenizerStep.PrependScheme.Always,
            "always" => PreTokenizerStep.PrependScheme.Always,
            "first" => PreTokenizerStep.PrependScheme.First,
            "never" => PreTokenizerStep.PrependScheme.Never,
            _ => throw file.Error(field + ".prepend_scheme", $"unknown scheme '{scheme}'; allowed: always, first, never"),
        };
    }

    private static TokenDecoder ReadDecoder(JsonFile file, JsonElement element, string field) =>
        TypeOf(file, element, field) switch
        {
            "ByteLevel" => new TokenDecoder.ByteLevel(),
            "Replace" => new TokenDecoder.Replace(
                file.String(file.Require(element, "pattern", field + ".pattern", JsonValueKind.Object), "String", field + ".pattern.String")
                    ?? throw file.Error(field + ".pattern", "only a \"String\" pattern is supported in a decoder"),
                file.RequireString(element, "content", field + ".content")),
            "ByteFallback" => new TokenDecoder.ByteFallback(),
            "Fuse" => new TokenDecoder.Fuse(),
            "Strip" => new TokenDecoder.Strip(
                file.RequireString(element, "content", field + ".content") is [var c] ? c : throw file.Error(field + ".content", "must be one character"),
                file.Int(element, "start", field + ".start") ?? 0,
                file.Int(element, "stop", field + ".stop") ?? 0),
            "Metaspace" => new TokenDecoder.Metaspace(
                file.String(element, "replacement", field + ".replacement") ?? "\u2581",
                ReadPrependScheme(file, element, field) != PreTokenizerStep.PrependScheme.Never),
            "Sequence" => new TokenDecoder.Sequence(
                Items(file, element, "decoders", field).Select(i => ReadDecoder(file, i.Item, i.Field)).ToList()),
            var other => throw file.Error(field + ".type", $"unsupported decoder '{other}'; supported: ByteLevel, Replace, ByteFallback, Fuse, Strip, Metaspace, Sequence"),
        };

    /// <summary>The ids TemplateProcessing puts before and after a single sequence ("$A"); null when nothing is added.</summary>
    private static SpecialTokenTemplate? ReadTemplate(JsonFile file, JsonElement element, string field)
    {
        switch (TypeOf(file, element, field))
        {
            case "ByteLevel":
                return null; // offsets only
            case "Sequence":
                SpecialTokenTemplate? result = null;
                foreach (var (item, itemField) in Items(file, element, "processors", field))
                {
                    result = ReadTemplate(file, item, itemField) ?? result;
                }
                return result;
            case "TemplateProcessing":
                var specials = file.Require(element, "special_tokens", field + ".special_tokens", JsonValueKind.Object);
                var prefix = new List<int>();
                var suffix = new List<int>();
                var seenSequence = false;
                foreach (var (item, itemField) in Items(file, element, "single", field))
                {
                    if (JsonFile.Get(item, "Sequence") is not null)
                    {
                        seenSequence = true;
                        continue;
                    }
                    var special = file.Require(item, "SpecialToken", itemField + ".SpecialToken", JsonValueKind.Object);
                    var name = file.RequireString(special, "id", itemField + ".SpecialToken.id");
                    var entry = JsonFile.Get(specials, name) ?? throw file.Error($"{field}.special_tokens", $"has no entry for '{name}'");
                    var ids = file.Require(entry, "ids", $"{field}.special_tokens.{name}.ids", JsonValueKind.Array)
                        .EnumerateArray().Select(e => e.TryGetInt32(out var v) ? v : throw file.Error($"{field}.special_tokens.{name}.ids", "must hold integer ids"));
                    (seenSequence ? suffix : prefix).AddRange(ids);
                }
                return new SpecialTokenTemplate(prefix, suffix);
            case var other:
                throw file.Error(field + ".type", $"unsupported post-processor '{other}'; supported: TemplateProcessing, ByteLevel, Sequence");
        }
    }
}

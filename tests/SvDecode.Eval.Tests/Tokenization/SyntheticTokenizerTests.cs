using SvDecode.Eval.Tokenization;
using Xunit;

namespace SvDecode.Eval.Tests.Tokenization;

/// <summary>
/// Small hand-written tokenizer.json files for features the shipped fixtures do not exercise (Llama 3's
/// ignore_merges, unknown-token fusing, lstrip/rstrip added tokens, split_special_tokens). Expected ids are
/// worked out by hand from the vocabularies below.
/// </summary>
public sealed class SyntheticTokenizerTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("svdecode-tok-syn-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private ITextTokenizer Load(string tokenizerJson, string? config = null)
    {
        File.WriteAllText(Path.Combine(_folder, "tokenizer.json"), tokenizerJson);
        if (config is not null)
        {
            File.WriteAllText(Path.Combine(_folder, "tokenizer_config.json"), config);
        }
        return TokenizerLoader.Load(_folder);
    }

    // Llama 3 layout: Split(regex, Isolated) + ByteLevel(use_regex=false); "Ġabc" is in the vocab but no merge builds it.
    private static string Llama3Style(bool ignoreMerges) => """
        {"added_tokens": [{"id": 9, "content": "<|begin_of_text|>", "special": true, "lstrip": false, "rstrip": false, "normalized": false, "single_word": false}],
         "normalizer": null,
         "pre_tokenizer": {"type": "Sequence", "pretokenizers": [
            {"type": "Split", "pattern": {"Regex": "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+"}, "behavior": "Isolated", "invert": false},
            {"type": "ByteLevel", "add_prefix_space": false, "trim_offsets": true, "use_regex": false}]},
         "post_processor": {"type": "TemplateProcessing",
            "single": [{"SpecialToken": {"id": "<|begin_of_text|>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}],
            "pair": [], "special_tokens": {"<|begin_of_text|>": {"id": "<|begin_of_text|>", "ids": [9], "tokens": ["<|begin_of_text|>"]}}},
         "decoder": {"type": "ByteLevel", "add_prefix_space": true, "trim_offsets": true, "use_regex": true},
         "model": {"type": "BPE", "ignore_merges": IGNORE, "byte_fallback": false, "fuse_unk": false,
            "vocab": {"a": 0, "b": 1, "c": 2, "Ġ": 3, "ab": 4, "Ġabc": 5, "1": 6, "2": 7, "12": 8},
            "merges": [["a", "b"], ["1", "2"]]}}
        """.Replace("IGNORE", ignoreMerges ? "true" : "false", StringComparison.Ordinal);

    [Fact]
    public void IgnoreMergesEmitsAPreTokenThatIsInTheVocabularyWhole()
    {
        var tokenizer = Load(Llama3Style(ignoreMerges: true));
        // Pre-tokens "ab", " abc", "121", "2": "Ġabc" is taken whole; "121" is not in the vocabulary, so it merges to "12" "1".
        Assert.Equal([9, 4, 5, 8, 6, 7], tokenizer.Encode("ab abc1212"));
    }

    [Fact]
    public void WithoutIgnoreMergesThePreTokenIsMerged()
    {
        var tokenizer = Load(Llama3Style(ignoreMerges: false));
        // "Ġ" "a" "b" "c" → the only applicable merge is (a, b).
        Assert.Equal([3, 4, 2], tokenizer.Encode(" abc", addSpecialTokens: false));
    }

    [Fact]
    public void TemplateProcessingAddsBosAndConfigFlagsOverrideIt()
    {
        Assert.Equal([9, 0], Load(Llama3Style(true)).Encode("a"));
        var withConfig = Load(Llama3Style(true), """{"bos_token": "<|begin_of_text|>", "add_bos_token": false}""");
        Assert.Equal([0], withConfig.Encode("a"));
        Assert.False(withConfig.AddBosToken);
        Assert.Equal(9, withConfig.BosTokenId);
    }

    private const string SentencePieceStyle = """
        {"added_tokens": [
            {"id": 0, "content": "<unk>", "special": true, "lstrip": false, "rstrip": false, "normalized": false, "single_word": false},
            {"id": 7, "content": "<mask>", "special": true, "lstrip": true, "rstrip": true, "normalized": false, "single_word": false}],
         "normalizer": {"type": "Sequence", "normalizers": [{"type": "Prepend", "prepend": "▁"}, {"type": "Replace", "pattern": {"String": " "}, "content": "▁"}]},
         "pre_tokenizer": null, "post_processor": null,
         "decoder": {"type": "Sequence", "decoders": [{"type": "Replace", "pattern": {"String": "▁"}, "content": " "}, {"type": "ByteFallback"}, {"type": "Fuse"}, {"type": "Strip", "content": " ", "start": 1, "stop": 0}]},
         "model": {"type": "BPE", "unk_token": "<unk>", "fuse_unk": true, "byte_fallback": false,
            "vocab": {"<unk>": 0, "▁": 1, "a": 2, "b": 3, "▁a": 4, "ab": 5, "▁ab": 6, "<mask>": 7},
            "merges": ["▁ a", "a b", "▁a b"]}}
        """;

    [Fact]
    public void UnknownCharactersWithoutByteFallbackFuseIntoOneUnk()
    {
        var tokenizer = Load(SentencePieceStyle);
        // "▁ab" merges fully; "xy" are two unknown characters → one fused <unk>; then "▁a".
        Assert.Equal([6, 0, 4], tokenizer.Encode("abxy a", addSpecialTokens: false));
    }

    [Fact]
    public void LeftAndRightStripTokensSwallowTheSpacesBesideThem()
    {
        var tokenizer = Load(SentencePieceStyle);
        // "a  <mask>  b" → "a" | <mask> (with both space runs) | "b": the legacy normalizer prepends "▁" to each side.
        Assert.Equal([4, 7, 1, 3], tokenizer.Encode("a  <mask>  b", addSpecialTokens: false));
    }

    [Fact]
    public void SplitSpecialTokensTreatsSpecialTokensAsText()
    {
        var tokenizer = Load(SentencePieceStyle, """{"split_special_tokens": true}""");
        Assert.DoesNotContain(7, tokenizer.Encode("a <mask>", addSpecialTokens: false));
    }

    [Fact]
    public void DecodeSkipsSpecialTokensOnlyWhenAsked()
    {
        var tokenizer = Load(SentencePieceStyle);
        Assert.Equal("ab<mask> a", tokenizer.Decode([6, 7, 4]));
        Assert.Equal("ab a", tokenizer.Decode([6, 7, 4], skipSpecialTokens: true));
        Assert.Equal("ab", tokenizer.Decode([6, 12345, -1]));   // ids outside the vocabulary are dropped
    }

    [Fact]
    public void ByteFallbackWorksWithoutAnUnknownToken()
    {
        var json = SentencePieceStyle
            .Replace("\"unk_token\": \"<unk>\", \"fuse_unk\": true, \"byte_fallback\": false", "\"unk_token\": null, \"fuse_unk\": false, \"byte_fallback\": true", StringComparison.Ordinal)
            .Replace("\"<mask>\": 7}", "\"<mask>\": 7, \"<0x78>\": 8, \"<0xC3>\": 9, \"<0xA9>\": 10}", StringComparison.Ordinal);
        var tokenizer = Load(json);
        // "▁xé": x and é are not pieces → their UTF-8 bytes 0x78 and 0xC3 0xA9; q has no byte piece and is dropped.
        Assert.Equal([1, 8, 9, 10], tokenizer.Encode("xqé", addSpecialTokens: false));
        Assert.Equal("xé", tokenizer.Decode([1, 8, 9, 10]));
        // HF decodes a run of byte tokens as a whole; when the run is not valid UTF-8 every byte becomes U+FFFD.
        Assert.Equal("\uFFFD\uFFFD", tokenizer.Decode([1, 8, 9]));
    }
}

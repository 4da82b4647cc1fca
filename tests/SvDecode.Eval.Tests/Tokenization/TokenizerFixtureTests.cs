using System.Text.Json;
using SvDecode.Eval.Tests.Support;
using Xunit;

namespace SvDecode.Eval.Tests.Tokenization;

/// <summary>
/// Exact equality with every case of ../shared/fixtures/tokenizers/*/expected.json (ids, token spellings, decoded
/// text, with and without special tokens). Failures are collected per variant so one run shows all of them.
/// </summary>
public sealed class TokenizerFixtureTests
{
    public static IEnumerable<object[]> Variants() => FixtureTokenizers.VariantNames();

    [SharedTheory(FixtureTokenizers.Root)]
    [MemberData(nameof(Variants))]
    public void EncodesEveryCaseExactly(string variant)
    {
        var tokenizer = FixtureTokenizers.Get(variant);
        var expected = FixtureTokenizers.Expected(variant);
        var failures = new List<string>();
        var cases = expected.GetProperty("cases").EnumerateArray().ToList();
        Assert.True(cases.Count >= 46, $"{variant}: expected.json has only {cases.Count} cases");
        foreach (var c in cases)
        {
            var text = c.GetProperty("text").GetString()!;
            var ids = FixtureTokenizers.Ints(PreferTokenizerJson(variant, c, "ids"));
            Check(failures, text, "ids", ids, tokenizer.Encode(text, addSpecialTokens: false));

            // With special tokens: SentencePiece models add BOS (ids_with_bos); byte-level ones add nothing.
            var withSpecial = c.TryGetProperty("ids_with_bos", out _) ? FixtureTokenizers.Ints(PreferTokenizerJson(variant, c, "ids_with_bos")) : ids;
            Check(failures, text, "ids with special tokens", withSpecial, tokenizer.Encode(text));

            if (!UsesTokenizerJsonVariant(variant, c))
            {
                var tokens = FixtureTokenizers.Strings(c.GetProperty("tokens"));
                Check(failures, text, "tokens", tokens, ids.Select(id => tokenizer.IdToToken(id)).ToArray());
                Check(failures, text, "token ids", ids, tokens.Select(t => tokenizer.TokenToId(t) ?? -1).ToArray());
            }
        }
        Assert.True(failures.Count == 0, $"{variant}: {failures.Count} mismatches:\n" + string.Join("\n", failures));
    }

    [SharedTheory(FixtureTokenizers.Root)]
    [MemberData(nameof(Variants))]
    public void DecodesEveryCaseExactly(string variant)
    {
        var tokenizer = FixtureTokenizers.Get(variant);
        var failures = new List<string>();
        foreach (var c in FixtureTokenizers.Expected(variant).GetProperty("cases").EnumerateArray())
        {
            var text = c.GetProperty("text").GetString()!;
            var ids = FixtureTokenizers.Ints(PreferTokenizerJson(variant, c, "ids"));
            var decoded = PreferTokenizerJson(variant, c, "decoded").GetString()!;
            Check(failures, text, "decoded", decoded, tokenizer.Decode(ids));
            Check(failures, text, "decoded (skip special)", decoded, tokenizer.Decode(ids, skipSpecialTokens: true));
            if (c.TryGetProperty("ids_with_bos", out _))
            {
                // BOS is dropped by skipSpecialTokens, so the text is the same as without it.
                var withBos = FixtureTokenizers.Ints(PreferTokenizerJson(variant, c, "ids_with_bos"));
                Check(failures, text, "decoded with BOS (skip special)", decoded, tokenizer.Decode(withBos, skipSpecialTokens: true));
            }
        }
        Assert.True(failures.Count == 0, $"{variant}: {failures.Count} mismatches:\n" + string.Join("\n", failures));
    }

    public static IEnumerable<object[]> SpecialCaseVariants() =>
    [
        ["gpt2/tokenizer.json"], ["gpt2/vocab.json+merges.txt"], ["qwen2/vocab.json+merges.txt"], [FixtureTokenizers.RebuiltQwen2],
    ];

    [SharedTheory(FixtureTokenizers.Root)]
    [MemberData(nameof(SpecialCaseVariants))]
    public void SplitsAddedTokensOutOfTheText(string variant)
    {
        var tokenizer = FixtureTokenizers.Get(variant);
        var failures = new List<string>();
        var cases = FixtureTokenizers.Expected(variant).GetProperty("special_cases").EnumerateArray().ToList();
        Assert.NotEmpty(cases);
        foreach (var c in cases)
        {
            var text = c.GetProperty("text").GetString()!;
            var ids = FixtureTokenizers.Ints(c.GetProperty("ids"));
            Check(failures, text, "ids", ids, tokenizer.Encode(text, addSpecialTokens: false));
            Check(failures, text, "tokens", FixtureTokenizers.Strings(c.GetProperty("tokens")), ids.Select(id => tokenizer.IdToToken(id)).ToArray());
            Check(failures, text, "decoded", c.GetProperty("decoded").GetString()!, tokenizer.Decode(ids));
            Check(failures, text, "decoded (skip special)", c.GetProperty("decoded_skip_special").GetString()!, tokenizer.Decode(ids, skipSpecialTokens: true));
        }
        Assert.True(failures.Count == 0, $"{variant}: {failures.Count} mismatches:\n" + string.Join("\n", failures));
    }

    [SharedTheory(FixtureTokenizers.Root)]
    [InlineData("gpt2/tokenizer.json")]
    [InlineData("gpt2/vocab.json+merges.txt")]
    [InlineData("qwen2/vocab.json+merges.txt")]
    [InlineData(FixtureTokenizers.RebuiltQwen2)]
    public void MatchesLlamaCppTestVectors(string variant)
    {
        var tokenizer = FixtureTokenizers.Get(variant);
        var failures = new List<string>();
        foreach (var c in FixtureTokenizers.Expected(variant, "expected_llamacpp.json").GetProperty("cases").EnumerateArray())
        {
            var text = c.GetProperty("text").GetString()!;
            Check(failures, text, "ids", FixtureTokenizers.Ints(c.GetProperty("ids")), tokenizer.Encode(text, addSpecialTokens: false));
        }
        Assert.True(failures.Count == 0, $"{variant}: {failures.Count} mismatches:\n" + string.Join("\n", failures));
    }

    /// <summary>Mistral's tokenizer.json differs from its tokenizer.model on texts that start with a space; the fixture gives both.</summary>
    private static bool UsesTokenizerJsonVariant(string variant, JsonElement c) =>
        variant == "mistral/tokenizer.json" && c.TryGetProperty("ids_tokenizer_json", out _);

    private static JsonElement PreferTokenizerJson(string variant, JsonElement c, string field)
    {
        var alternative = field.Replace("ids", "ids_tokenizer_json").Replace("decoded", "decoded_tokenizer_json");
        return UsesTokenizerJsonVariant(variant, c) ? c.GetProperty(alternative) : c.GetProperty(field);
    }

    private static void Check<T>(List<string> failures, string text, string what, IReadOnlyList<T> expected, IReadOnlyList<T> actual)
    {
        if (!expected.SequenceEqual(actual))
        {
            failures.Add($"{JsonSerializer.Serialize(text)} {what}: expected [{string.Join(", ", expected)}] got [{string.Join(", ", actual)}]");
        }
    }

    private static void Check(List<string> failures, string text, string what, string expected, string actual)
    {
        if (expected != actual)
        {
            failures.Add($"{JsonSerializer.Serialize(text)} {what}: expected {JsonSerializer.Serialize(expected)} got {JsonSerializer.Serialize(actual)}");
        }
    }
}

using System.Text;
using SvDecode.Eval.Tests.Support;
using SvDecode.Eval.Tokenization;
using Xunit;

namespace SvDecode.Eval.Tests.Tokenization;

/// <summary>Byte-level BPE is lossless: decode(encode(s)) == s (Qwen2: the NFC form of s) for any valid Unicode string.</summary>
public sealed class ByteLevelRoundTripTests
{
    [SharedTheory(FixtureTokenizers.Root)]
    [InlineData("gpt2/tokenizer.json", 1)]
    [InlineData("gpt2/vocab.json+merges.txt", 2)]
    [InlineData("qwen2/vocab.json+merges.txt", 3)]
    [InlineData(FixtureTokenizers.RebuiltQwen2, 4)]
    public void RandomUnicodeStringsRoundTrip(string variant, int seed)
    {
        var tokenizer = FixtureTokenizers.Get(variant);
        var random = new Random(seed);
        var failures = new List<string>();
        for (var i = 0; i < 300; i++)
        {
            var text = RandomText(random, random.Next(0, 40));
            var ids = tokenizer.Encode(text, addSpecialTokens: false);
            var expected = variant.StartsWith("qwen2", StringComparison.Ordinal) ? new TextNormalizer.UnicodeForm(NormalizationForm.FormC).Normalize(text) : text;
            var decoded = tokenizer.Decode(ids);
            if (decoded != expected || ids.Any(id => id < 0 || id >= tokenizer.VocabSize))
            {
                failures.Add($"{System.Text.Json.JsonSerializer.Serialize(text)} → [{string.Join(", ", ids)}] → {System.Text.Json.JsonSerializer.Serialize(decoded)}");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(10)));
    }

    [SharedFact(FixtureTokenizers.Root)]
    public void InvalidUtf8FromAPartialTokenSequenceBecomesReplacementCharacters()
    {
        var tokenizer = FixtureTokenizers.Get("gpt2/tokenizer.json");
        var ids = tokenizer.Encode("😀", addSpecialTokens: false); // 4 UTF-8 bytes, several byte-level tokens
        Assert.True(ids.Count > 1);
        var partial = tokenizer.Decode(ids.Take(ids.Count - 1));
        Assert.Contains('\uFFFD', partial);
        Assert.DoesNotContain("😀", partial, StringComparison.Ordinal);
    }

    /// <summary>Mixes ASCII, whitespace, Latin, combining marks, CJK, Hangul, emoji (surrogate pairs) and rare planes.</summary>
    private static string RandomText(Random random, int length)
    {
        (int From, int To)[] ranges =
        [
            (0x20, 0x7E), (0x20, 0x7E), (0x09, 0x0D), (0xA0, 0x24F), (0x300, 0x36F), (0x370, 0x4FF), (0x600, 0x6FF),
            (0x3040, 0x30FF), (0x4E00, 0x9FFF), (0xAC00, 0xD7A3), (0x1100, 0x11FF), (0x1F300, 0x1FAFF), (0x10000, 0x10FFFF),
        ];
        var builder = new StringBuilder();
        while (builder.Length < length)
        {
            var (from, to) = ranges[random.Next(ranges.Length)];
            var cp = random.Next(from, to + 1);
            if (cp is >= 0xD800 and <= 0xDFFF)
            {
                continue;
            }
            builder.Append(char.ConvertFromUtf32(cp));
        }
        return builder.ToString();
    }
}

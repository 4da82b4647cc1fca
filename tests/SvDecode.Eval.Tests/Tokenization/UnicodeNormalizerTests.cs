using System.Text;
using SvDecode.Eval.Tokenization;
using Xunit;

namespace SvDecode.Eval.Tests.Tokenization;

/// <summary>
/// The tokenizer's Unicode normalizers on hand-checked cases from the Unicode standard (UAX #15 examples and the
/// Hangul algorithm): they need ICU (globalization on), without which string.Normalize would return its input.
/// </summary>
public sealed class UnicodeNormalizerTests
{
    [Theory]
    [InlineData("cafe\u0301", "caf\u00E9")]                  // e + combining acute → é
    [InlineData("A\u030A", "\u00C5")]                        // A + ring above → Å
    [InlineData("\u212B", "\u00C5")]                         // ANGSTROM SIGN is a singleton → Å
    [InlineData("\u1E0B\u0323", "\u1E0D\u0307")]             // ḋ + dot below → ḍ + dot above (reordering, then composition)
    [InlineData("q\u0307\u0323", "q\u0323\u0307")]           // no composite exists: only the canonical order changes
    [InlineData("\u1100\u1161", "\uAC00")]                   // Hangul L + V → 가
    [InlineData("\u1100\u1161\u11A8", "\uAC01")]             // L + V + T → 각
    [InlineData("\uAC00\u11A8", "\uAC01")]                   // LV + T → LVT
    [InlineData("\u0958", "\u0915\u093C")]                   // composition exclusion: stays decomposed
    [InlineData("plain ASCII text", "plain ASCII text")]
    [InlineData("\u00E9t\u00E9", "\u00E9t\u00E9")]           // already NFC
    [InlineData("x\uD800y\u0065\u0301", "x\uD800y\u00E9")]         // a lone surrogate is kept; the text around it is normalized
    [InlineData("\uDC00", "\uDC00")]
    public void NormalizesToNfc(string input, string expected) =>
        Assert.Equal(expected, new TextNormalizer.UnicodeForm(NormalizationForm.FormC).Normalize(input));

    [Theory]
    [InlineData("NFD", "caf\u00E9", "cafe\u0301")]
    [InlineData("NFKC", "\uFB01ne \u2460", "fine 1")]                  // ﬁ ligature and circled one: compatibility forms
    [InlineData("NFKD", "\u00C5\uFB01", "A\u030Afi")]
    public void TokenizerJsonNamesEveryNormalizationForm(string type, string input, string expected)
    {
        var normalizer = TextNormalizer.UnicodeForm.For(type);
        Assert.Equal(expected, normalizer.Normalize(input));
    }
}

using System.Globalization;
using SvDecode.Eval.Tokenization;
using Xunit;

namespace SvDecode.Eval.Tests.Tokenization;

/// <summary>Pre-tokenizer splits checked against the regex semantics by hand (code points, not UTF-16 units).</summary>
public sealed class PreTokenizerStepTests
{
    private static string[] Split(PreTokenizerStep step, string text) =>
        step.SplitAll([new PreToken(text, true)]).Select(p => p.Text).ToArray();

    private static readonly PreTokenizerStep Gpt2 = new PreTokenizerStep.ByteLevel(addPrefixSpace: false, useRegex: true);

    [Fact]
    public void Gpt2PatternSplitsWordsNumbersPunctuationAndSpaces() =>
        Assert.Equal(["Hello", ",", " world", "!!", " 42", "  ", " x", "'s"], Split(Gpt2, "Hello, world!! 42   x's"));

    [Fact]
    public void LettersOutsideTheBmpStayInTheirWord()
    {
        // 𝐀 (U+1D400) and 𠀀 (U+20000) are letters: "a𝐀b" is one word, as in HF's regex engine; emoji are symbols
        // and join the punctuation run after them.
        Assert.Equal(["a\U0001D400b", " \U00020000x", " 😀😀!", "x"], Split(Gpt2, "a\U0001D400b \U00020000x 😀😀!x"));
    }

    [Fact]
    public void DigitsOutsideTheBmpCountAsOneCodePointEach()
    {
        // Llama 3 style \p{N}{1,3}: four mathematical digits (U+1D7CE..) make groups of 3 and 1.
        var split = new PreTokenizerStep.RegexSplit(PreTokenizerStep.CompilePattern(@"\p{N}{1,3}"), PreTokenizerStep.SplitBehavior.Isolated, false);
        Assert.Equal(["\U0001D7CE\U0001D7CF\U0001D7D0", "\U0001D7D1"], Split(split, "\U0001D7CE\U0001D7CF\U0001D7D0\U0001D7D1"));
    }

    [Fact]
    public void EveryStandInHasItsCategory()
    {
        foreach (var (category, standIn) in AstralFolding.StandInsByCategory)
        {
            Assert.Equal(category, CharUnicodeInfo.GetUnicodeCategory(standIn));
        }
    }

    [Theory]
    [InlineData("Isolated", new[] { "the", "-", "final", "-", "-", "countdown" })]
    [InlineData("Removed", new[] { "the", "final", "countdown" })]
    [InlineData("MergedWithPrevious", new[] { "the-", "final-", "-", "countdown" })]
    [InlineData("MergedWithNext", new[] { "the", "-final", "-", "-countdown" })]
    [InlineData("Contiguous", new[] { "the", "-", "final", "--", "countdown" })]
    public void SplitBehavioursMatchHuggingFace(string behavior, string[] expected)
    {
        // The examples of the HF tokenizers documentation for Split on "-".
        var split = new PreTokenizerStep.RegexSplit(PreTokenizerStep.CompilePattern("-"), Enum.Parse<PreTokenizerStep.SplitBehavior>(behavior), false);
        Assert.Equal(expected, Split(split, "the-final--countdown"));
    }

    [Fact]
    public void MetaspaceFirstPrependsOnlyAtTheStartOfTheText()
    {
        var metaspace = new PreTokenizerStep.Metaspace("▁", PreTokenizerStep.PrependScheme.First, split: false);
        Assert.Equal(["▁Hello▁world"], Split(metaspace, "Hello world"));
        Assert.Equal(["▁Hello"], Split(metaspace, " Hello"));
        Assert.Equal(["after"], metaspace.SplitAll([new PreToken("after", AtStart: false)]).Select(p => p.Text));
    }
}

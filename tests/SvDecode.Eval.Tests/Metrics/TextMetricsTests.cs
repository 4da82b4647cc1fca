using SvDecode.Eval.Metrics;
using Xunit;

namespace SvDecode.Eval.Tests.Metrics;

public sealed class TextMetricsTests
{
    [Fact]
    public void Bleu13aTokenizationSplitsPunctuationButNotNumbersOrApostrophes()
    {
        Assert.Equal(["It's", "3.5", "km-long", ",", "isn't", "it", "?"], Bleu13aTokenizer.Tokenize("It's 3.5 km-long, isn't it?"));
        Assert.Equal(["a", "&", "b", "(", "c", ")", "."], Bleu13aTokenizer.Tokenize("a &amp; b (c)."));
        Assert.Equal(["1990", "-", "95"], Bleu13aTokenizer.Tokenize("1990-95"));
    }

    [Fact]
    public void BleuHandComputedCases()
    {
        Assert.Equal(100.0, SentenceBleu.Score("The cat sat on the mat.", "The cat sat on the mat."), 10);
        // Effective order 3 (no 4-grams in the hypothesis), all precisions 100%, brevity exp(1 − 6/3).
        Assert.Equal(100 * Math.Exp(-1), SentenceBleu.Score("the cat sat", "the cat sat on the mat"), 10);
        // Precisions 4/6, 1/5, then exp smoothing 1/(2·4) and 1/(4·3); geometric mean ×100.
        var expected = Math.Exp((Math.Log(100 * 4.0 / 6) + Math.Log(100 * 1.0 / 5) + Math.Log(12.5) + Math.Log(100 / 12.0)) / 4);
        Assert.Equal(expected, SentenceBleu.Score("the dog sat on a mat", "the cat sat on the mat"), 10);
        Assert.Equal(19.304869754804482, expected, 10);
        Assert.Equal(0.0, SentenceBleu.Score("", "the cat"));
        // Case matters (sacrebleu's default is case-sensitive).
        Assert.True(SentenceBleu.Score("The Cat", "the cat") < 100);
    }

    [Fact]
    public void BleuWithSeveralReferencesClipsAtTheBestReferenceAndUsesTheClosestLength()
    {
        var multi = SentenceBleu.Score("the cat sat", ["a cat sat here today", "the cat sat on"]);
        // Closest reference length to 3 is 4 (|3−4| < |3−5|): brevity exp(1 − 4/3); all n-grams match the second reference.
        Assert.Equal(100 * Math.Exp(1 - 4.0 / 3), multi, 10);
    }

    [Fact]
    public void RougeHandComputedCases()
    {
        Assert.Equal(["don", "t", "stop", "42"], Rouge.Tokenize("Don't-stop 42!"));
        const string target = "The cat sat on the mat.";
        const string prediction = "the cat is on the mat";
        Assert.Equal(5.0 / 6, Rouge.RougeN(target, prediction, 1), 12);   // the×2, cat, on, mat
        Assert.Equal(3.0 / 5, Rouge.RougeN(target, prediction, 2), 12);   // "the cat", "on the", "the mat"
        Assert.Equal(5.0 / 6, Rouge.RougeL(target, prediction), 12);      // LCS "the cat on the mat"
        // Unequal lengths: P = 2/2, R = 2/4 → F = 2/3.
        Assert.Equal(2.0 / 3, Rouge.RougeN("a b c d", "a b", 1), 12);
        Assert.Equal(0.0, Rouge.RougeL("", "a"));
        Assert.Equal(0.0, Rouge.RougeN("x y", "a b", 1));
    }

    [Fact]
    public void ReferenceMetricsAreMaxOverTrueMinusMaxOverFalse()
    {
        var scores = ReferenceMetrics.Score(
            "The Earth is round.",
            ["The Earth is round.", "It is a sphere."],
            ["The Earth is flat.", "nothing"]);
        Assert.Equal(100.0, scores.Bleu.MaxTrue, 10);
        Assert.Equal(SentenceBleu.Score("The Earth is round.", "The Earth is flat."), scores.Bleu.MaxFalse, 10);
        Assert.True(scores.Bleu.Diff > 0);
        Assert.Equal(1.0, scores.Bleu.Acc);
        Assert.Equal(100.0 - 75.0, scores.Rouge1.Diff, 10);                 // false: 3 of 4 words
        Assert.Equal(100.0 - 100.0 * 2.0 / 3, scores.Rouge2.Diff, 10);      // false: 2 of 3 bigrams
        Assert.Equal(25.0, scores.RougeL.Diff, 10);

        var wrong = ReferenceMetrics.Score("The Earth is flat.", ["The Earth is round."], ["The Earth is flat."]);
        Assert.Equal(0.0, wrong.Rouge1.Acc);
        Assert.Throws<ArgumentException>(() => ReferenceMetrics.Score("x", ["a"], [" "]));
    }
}

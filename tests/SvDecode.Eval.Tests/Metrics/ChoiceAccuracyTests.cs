using SvDecode.Eval.Metrics;
using Xunit;

namespace SvDecode.Eval.Tests.Metrics;

public sealed class ChoiceAccuracyTests
{
    [Fact]
    public void AccRanksByLogLikelihoodWithTiesToTheLowestIndex()
    {
        Assert.Equal(1.0, ChoiceAccuracy.Acc([-3.0, -1.0, -2.0], gold: 1));
        Assert.Equal(0.0, ChoiceAccuracy.Acc([-3.0, -1.0, -2.0], gold: 2));
        Assert.Equal(0, ChoiceAccuracy.ArgMax([-1.0, -1.0]));
        Assert.Equal(0.0, ChoiceAccuracy.Acc([-1.0, -1.0], gold: 1));
        Assert.Equal(1, ChoiceAccuracy.ArgMax([double.NaN, -5.0]));
    }

    [Fact]
    public void AccNormDividesByCharacterLength()
    {
        // raw: −10 beats −12; per character: −10/2 = −5 loses to −12/14 ≈ −0.857.
        string[] choices = [" a", " longer answer."];
        Assert.Equal(0.0, ChoiceAccuracy.Acc([-10.0, -12.0], gold: 1));
        Assert.Equal(1.0, ChoiceAccuracy.AccNorm([-10.0, -12.0], choices, gold: 1));
        Assert.Throws<ArgumentException>(() => ChoiceAccuracy.AccNorm([-1.0], choices, gold: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => ChoiceAccuracy.Acc([-1.0], gold: 1));
    }

    [Fact]
    public void HardMaskAccNormBreaksTiesOnTheNormalisedUnsteeredScores()
    {
        const double Out = double.NegativeInfinity;
        string[] choices = [" a", " longer answer."];
        // Every choice left the mask: scored unsteered, so acc_norm follows the per-character unsteered scores
        // (−10/2 loses to −12/15) and acc the raw ones (−10 beats −12).
        var allOut = AnswerScores.HardMask([Out, Out], [-10.0, -12.0]);
        Assert.Equal(1.0, ChoiceAccuracy.AccNorm(allOut, choices, gold: 1));
        Assert.Equal(1.0, ChoiceAccuracy.Acc(allOut, gold: 0));
        // Only the second choice left the mask: the kept one wins both.
        var partial = AnswerScores.HardMask([-50.0, Out], [-10.0, -12.0]);
        Assert.Equal(1.0, ChoiceAccuracy.AccNorm(partial, choices, gold: 0));
        Assert.Equal(1.0, ChoiceAccuracy.Acc(partial, gold: 0));
        Assert.False(ChoiceAccuracy.Normalised(partial, choices).TieBreakDecidesBest());
    }

    [Theory]
    [InlineData("The correct answer is answer2.", 1)]
    [InlineData("ANSWER3", 2)]
    [InlineData("answer2, or maybe answer1", 1)]
    [InlineData("answer10", null)]
    [InlineData("xanswer1", null)]
    [InlineData("I am not sure.", null)]
    [InlineData("(answer1)", 0)]
    public void ParserTakesTheFirstAllowedAnswerAtWordBoundaries(string generation, int? expected)
    {
        var parser = new AnswerParser(["answer1", "answer2", "answer3"]);
        Assert.Equal(expected, parser.Parse(generation));
    }

    [Fact]
    public void ParserPrefersTheLongerAnswerAtTheSamePositionAndRespectsWords()
    {
        Assert.Equal(1, new AnswerParser(["option1", "option1b"]).Parse("option1b is right"));
        var truth = new AnswerParser(["true", "false"]);
        Assert.Equal(1, truth.Parse("That is untrue, so false."));
        Assert.Equal(0, truth.Parse("True."));
    }

    [Fact]
    public void GenerateParseAccuracyCountsUnparsableAsWrong()
    {
        var parser = new AnswerParser(["answer1", "answer2"]);
        var result = GenerateParseAccuracy.Score(parser, ["answer1", "the answer is answer2", "no idea", "answer1"], [0, 1, 0, 1]);
        Assert.Equal(new[] { 1.0, 1.0, 0.0, 0.0 }, result.Correct);
        Assert.Equal(1, result.UnparsableCount);
        Assert.Equal(0.5, result.Accuracy);
        Assert.Equal(0.25, result.UnparsableFraction);
        Assert.Throws<ArgumentException>(() => new AnswerParser([]));
    }
}

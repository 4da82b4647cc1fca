using SvDecode.Eval.Metrics;
using Xunit;

namespace SvDecode.Eval.Tests.Metrics;

/// <summary>The hard-mask ranking rule every multiple-choice metric shares (method.md §4, §9).</summary>
public sealed class AnswerScoresTests
{
    private const double Out = double.NegativeInfinity;

    [Fact]
    public void AFiniteSteeredScoreBeatsAnswersThatLeftTheMaskAndTheirTieIsBrokenUnsteered()
    {
        var scores = AnswerScores.HardMask([Out, Out, -2.0], [-1.0, -0.5, -3.0]);
        Assert.Equal(2, scores.Best());
        Assert.False(scores.AllMasked);
        Assert.False(scores.TieBreakDecidesBest());
        Assert.True(scores.Compare(1, 0) > 0);   // the −∞ pair ordered by the unsteered score
        Assert.True(scores.Compare(2, 1) > 0);   // a finite steered score beats any −∞, whatever the unsteered ones
        Assert.True(scores.Beats(2, [0, 1]));
    }

    [Fact]
    public void WhenEveryAnswerLeftTheMaskTheItemIsRankedUnsteered()
    {
        var scores = AnswerScores.HardMask([Out, Out, Out], [-3.0, -1.0, -2.0]);
        Assert.True(scores.AllMasked);
        Assert.Equal([-3.0, -1.0, -2.0], scores.Ranked);
        Assert.Equal([Out, Out, Out], scores.Scores);   // what was scored stays on record
        Assert.Equal(1, scores.Best());
        Assert.True(scores.TieBreakDecidesBest());
    }

    [Fact]
    public void FiniteTiesAreBrokenTheSameWayThenByIndex()
    {
        Assert.Equal(1, AnswerScores.HardMask([-1.0, -1.0, -5.0], [-2.0, -1.0, 0.0]).Best());
        var full = AnswerScores.HardMask([-1.0, -1.0], [-2.0, -2.0]);
        Assert.Equal(0, full.Best());
        Assert.Equal(0, full.Compare(0, 1));
        Assert.False(full.Beats(0, [1]));   // tied on both scores: not "above" (MC1, MC3)
        Assert.True(full.TieBreakDecidesBest());
    }

    [Fact]
    public void PlainScoresHaveNoTieRule()
    {
        var plain = AnswerScores.Plain([Out, Out, -7.0, -7.0]);
        Assert.Equal(2, plain.Best());
        Assert.False(plain.AllMasked);
        Assert.False(plain.TieBreakDecidesBest());
        Assert.Equal(0, AnswerScores.Plain([Out, Out]).Best());
        Assert.False(AnswerScores.Plain([Out, Out]).AllMasked);
    }

    [Fact]
    public void PerUnitDividesSteeredAndUnsteeredScoresAlike()
    {
        // Per character the unsteered tie-break flips: −3/1 < −4/4.
        var scores = AnswerScores.HardMask([Out, Out, -9.0], [-3.0, -4.0, -1.0]);
        var normalised = scores.PerUnit([1, 4, 0]);
        Assert.Equal([Out, Out, -9.0], normalised.Scores);   // a zero length keeps the score
        Assert.Equal([-3.0, -1.0, -1.0], normalised.Unsteered!);
        Assert.True(normalised.Compare(1, 0) > 0);
        Assert.True(scores.Compare(0, 1) > 0);
    }

    [Fact]
    public void NaNOrMismatchedInputsAreRejected()
    {
        Assert.Throws<ArgumentException>(() => AnswerScores.HardMask([double.NaN, 1.0], [0.0, 0.0]));
        Assert.Throws<ArgumentException>(() => AnswerScores.HardMask([1.0], [0.0, 0.0]));
        Assert.Throws<ArgumentException>(() => AnswerScores.Plain([]));
        Assert.Throws<ArgumentException>(() => AnswerScores.Plain([1.0]).PerUnit([1, 2]));
    }
}

using SvDecode.Eval.Decoding;
using SvDecode.Eval.Scoring;
using Xunit;

namespace SvDecode.Eval.Tests.Scoring;

/// <summary>Hard-mode multiple choice: −∞ ties are broken by the unsteered score and counted (method.md §4).</summary>
public sealed class SteeredChoiceScorerTests
{
    /// <summary>Steered: −(first id), or −∞ for ids ≥ 1000 (left the mask). Unsteered: −(second id).</summary>
    private sealed class ById(bool steered) : ILanguageModel
    {
        public int VocabSize => 10;

        public IReadOnlyList<LogLikelihoodResult> LogLikelihood(IReadOnlyList<LogLikelihoodRequest> requests, CancellationToken cancellationToken = default) =>
            [.. requests.Select(r => new LogLikelihoodResult([], Score(r.ContinuationIds), false))];

        private double Score(IReadOnlyList<int> ids) => !steered ? -ids[1] : ids[0] >= 1000 ? double.NegativeInfinity : -ids[0];

        public IReadOnlyList<GenerationResult> Generate(IReadOnlyList<GenerationRequest> requests, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }

    [Fact]
    public void TiesAtMinusInfinityAreBrokenByTheUnsteeredScore()
    {
        // Question 1: both choices leave the mask (−∞); unsteered prefers choice 1. Question 2: choice 0 stays kept.
        IReadOnlyList<IReadOnlyList<LogLikelihoodRequest>> questions =
        [
            [new([1], [1000, 5]), new([1], [1001, 2])],
            [new([1], [3, 0]), new([1], [1002, 0])],
        ];
        var unsteered = new ById(steered: false);
        var scored = new SteeredChoiceScorer(new ById(steered: true), unsteered).Score(questions);
        Assert.Equal(1, scored[0].Ranking.Best());
        Assert.True(scored[0].Ranking.AllMasked);
        Assert.True(scored[0].Ranking.TieBreakDecidesBest());
        Assert.Equal([-5.0, -2.0], scored[0].Unsteered!);
        Assert.Equal(0, scored[1].Ranking.Best());
        Assert.False(scored[1].Ranking.TieBreakDecidesBest());

        // Soft mode has no tie rule: the lowest index wins a tie.
        var plain = new SteeredChoiceScorer(new ById(steered: true)).Score(questions);
        Assert.Equal(0, plain[0].Ranking.Best());
        Assert.Null(plain[0].Unsteered);
    }
}

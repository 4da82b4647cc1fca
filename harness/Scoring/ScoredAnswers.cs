using SvDecode.Eval.Metrics;

namespace SvDecode.Eval.Scoring;

/// <summary>One question's answers as the metrics rank them, and, in a steered cell, their unsteered log-likelihoods
/// for the per-item log (null on an unsteered model).</summary>
public sealed record ScoredAnswers(AnswerScores Ranking, IReadOnlyList<double>? Unsteered)
{
    /// <summary>The answer the unsteered log-likelihoods pick (lowest index on a tie), or null without them.</summary>
    public int? UnsteeredBest => Unsteered is null ? null : AnswerScores.Plain(Unsteered).Best();
}

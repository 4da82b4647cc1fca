using SvDecode.Eval.Metrics;
using SvDecode.Eval.Steering;

namespace SvDecode.Eval.Scoring;

/// <summary>
/// Ranks the choices of multiple-choice questions by steered log-likelihood. Soft (and none) mask: the plain argmax
/// (ties to the lowest index). Hard mask: choices whose tokens leave the keep set score −∞, so ties are broken by
/// the unsteered score (method.md §4, <see cref="HardModeRanking"/>) and counted.
/// </summary>
public sealed class SteeredChoiceScorer(ILanguageModel steered, ILanguageModel? unsteeredForTies = null)
{
    /// <param name="questions">Per question: one request per choice (context + that choice's continuation).</param>
    public IReadOnlyList<SteeredChoiceRanking> Rank(IReadOnlyList<IReadOnlyList<LogLikelihoodRequest>> questions, CancellationToken cancellationToken = default)
    {
        var flat = questions.SelectMany(q => q).ToList();
        var steeredScores = steered.LogLikelihood(flat, cancellationToken).Select(r => r.Sum).ToArray();
        var unsteeredScores = unsteeredForTies?.LogLikelihood(flat, cancellationToken).Select(r => r.Sum).ToArray();
        var rankings = new List<SteeredChoiceRanking>(questions.Count);
        var offset = 0;
        foreach (var question in questions)
        {
            var scores = steeredScores.AsSpan(offset, question.Count).ToArray();
            if (unsteeredScores is null)
            {
                rankings.Add(new SteeredChoiceRanking(scores, ChoiceAccuracy.ArgMax(scores), false));
            }
            else
            {
                var rank = HardModeRanking.Rank(scores, unsteeredScores.AsSpan(offset, question.Count).ToArray());
                rankings.Add(new SteeredChoiceRanking(scores, rank.Best, rank.TieBrokenAtTop));
            }
            offset += question.Count;
        }
        return rankings;
    }
}

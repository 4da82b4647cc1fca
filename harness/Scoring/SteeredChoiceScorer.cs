using SvDecode.Eval.Metrics;

namespace SvDecode.Eval.Scoring;

/// <summary>
/// Scores the answers of multiple-choice questions by steered log-likelihood. Soft (and none) mask: plain scores.
/// Hard mask: answers whose tokens leave the keep set score −∞, so the unsteered scores come along to break ties
/// and to score an item whose answers all left the mask (method.md §4, §9; <see cref="AnswerScores"/>). The
/// unsteered log-likelihoods the steered forward gives as a by-product (its reference) come back for the item log.
/// </summary>
public sealed class SteeredChoiceScorer(ILanguageModel steered, ILanguageModel? unsteeredForTies = null)
{
    /// <param name="questions">Per question: one request per answer (context + that answer's continuation).</param>
    /// <param name="finished">Hears the request indices (into the flattened questions) each steered batch finished.</param>
    /// <returns>Per question, its answers' scores as the metrics rank them.</returns>
    public IReadOnlyList<ScoredAnswers> Score(IReadOnlyList<IReadOnlyList<LogLikelihoodRequest>> questions, CancellationToken cancellationToken = default) =>
        Score(questions, null, cancellationToken);

    /// <inheritdoc cref="Score(IReadOnlyList{IReadOnlyList{LogLikelihoodRequest}}, CancellationToken)"/>
    public IReadOnlyList<ScoredAnswers> Score(IReadOnlyList<IReadOnlyList<LogLikelihoodRequest>> questions, Action<IReadOnlyList<int>>? finished, CancellationToken cancellationToken = default)
    {
        var flat = questions.SelectMany(q => q).ToList();
        var steeredResults = steered.LogLikelihood(flat, finished, cancellationToken);
        var steeredScores = steeredResults.Select(r => r.Sum).ToArray();
        var unsteeredScores = unsteeredForTies?.LogLikelihood(flat, cancellationToken).Select(r => r.Sum).ToArray();
        // The same forward's unsteered scores when the session gives them; else the tie-break pass's.
        var logged = steeredResults.All(r => r.ReferenceSum is not null) && flat.Count > 0
            ? steeredResults.Select(r => r.ReferenceSum!.Value).ToArray()
            : unsteeredScores;
        var scored = new List<ScoredAnswers>(questions.Count);
        var offset = 0;
        foreach (var question in questions)
        {
            var scores = steeredScores.AsSpan(offset, question.Count).ToArray();
            var ranking = unsteeredScores is null
                ? AnswerScores.Plain(scores)
                : AnswerScores.HardMask(scores, unsteeredScores.AsSpan(offset, question.Count).ToArray());
            scored.Add(new ScoredAnswers(ranking, logged?.AsSpan(offset, question.Count).ToArray()));
            offset += question.Count;
        }
        return scored;
    }
}

using SvDecode.Eval.Metrics;

namespace SvDecode.Eval.Scoring;

/// <summary>
/// Scores the answers of multiple-choice questions by steered log-likelihood. Soft (and none) mask: plain scores.
/// Hard mask: answers whose tokens leave the keep set score −∞, so the unsteered scores come along to break ties
/// and to score an item whose answers all left the mask (method.md §4, §9; <see cref="AnswerScores"/>).
/// </summary>
public sealed class SteeredChoiceScorer(ILanguageModel steered, ILanguageModel? unsteeredForTies = null)
{
    /// <param name="questions">Per question: one request per answer (context + that answer's continuation).</param>
    /// <returns>Per question, its answers' scores as the metrics rank them.</returns>
    public IReadOnlyList<AnswerScores> Score(IReadOnlyList<IReadOnlyList<LogLikelihoodRequest>> questions, CancellationToken cancellationToken = default)
    {
        var flat = questions.SelectMany(q => q).ToList();
        var steeredScores = steered.LogLikelihood(flat, cancellationToken).Select(r => r.Sum).ToArray();
        var unsteeredScores = unsteeredForTies?.LogLikelihood(flat, cancellationToken).Select(r => r.Sum).ToArray();
        var scored = new List<AnswerScores>(questions.Count);
        var offset = 0;
        foreach (var question in questions)
        {
            var scores = steeredScores.AsSpan(offset, question.Count).ToArray();
            scored.Add(unsteeredScores is null
                ? AnswerScores.Plain(scores)
                : AnswerScores.HardMask(scores, unsteeredScores.AsSpan(offset, question.Count).ToArray()));
            offset += question.Count;
        }
        return scored;
    }
}

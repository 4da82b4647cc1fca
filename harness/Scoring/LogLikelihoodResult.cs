namespace SvDecode.Eval.Scoring;

/// <summary>
/// log p of each continuation token (teacher-forced), their sum, and whether every continuation token was the argmax
/// (lm-evaluation-harness's "is_greedy").
/// </summary>
public sealed record LogLikelihoodResult(IReadOnlyList<double> TokenLogProbs, double Sum, bool IsGreedy)
{
    /// <summary>The same continuation's log-likelihood under the session's reference logits, from the same forward:
    /// on a steered session the adapted model's, i.e. the unsteered score (<see cref="Decoding.IReferenceLogitsSession"/>);
    /// null on a plain session.</summary>
    public double? ReferenceSum { get; init; }
}

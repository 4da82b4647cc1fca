namespace SvDecode.Eval.Scoring;

/// <summary>
/// log p of each continuation token (teacher-forced), their sum, and whether every continuation token was the argmax
/// (lm-evaluation-harness's "is_greedy").
/// </summary>
public sealed record LogLikelihoodResult(IReadOnlyList<double> TokenLogProbs, double Sum, bool IsGreedy);

namespace SvDecode.Eval.Scoring;

/// <summary>One multiple-choice question scored under steering: each choice's total log-likelihood, the chosen index,
/// and whether hard mode's tie rule (unsteered score) decided it.</summary>
public sealed record SteeredChoiceRanking(IReadOnlyList<double> Scores, int Best, bool TieBroken);

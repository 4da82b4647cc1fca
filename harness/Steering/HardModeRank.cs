namespace SvDecode.Eval.Steering;

/// <summary>The ranking of choices under hard-mode scoring, and whether the tie rule decided the winner.</summary>
/// <param name="Order">Choice indices, best first.</param>
/// <param name="Best">Order[0].</param>
/// <param name="TieBrokenAtTop">True when more than one choice shared the best steered score (typically all −∞ after
/// leaving the mask) and the unsteered score picked the winner. Count these per run (method.md §4).</param>
public sealed record HardModeRank(int[] Order, int Best, bool TieBrokenAtTop);

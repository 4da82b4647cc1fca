namespace SvDecode.Eval.Scoring;

/// <summary>Score <see cref="ContinuationIds"/> given <see cref="ContextIds"/> (both non-empty token lists).</summary>
public sealed record LogLikelihoodRequest(IReadOnlyList<int> ContextIds, IReadOnlyList<int> ContinuationIds);

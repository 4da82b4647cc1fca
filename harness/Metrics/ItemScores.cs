namespace SvDecode.Eval.Metrics;

/// <summary>
/// One metric's per-item values for one benchmark in one cell, in item order. Two cells that share items give a
/// paired difference (with and without steering on the same questions).
/// </summary>
public sealed record ItemScores(string Metric, IReadOnlyList<string> ItemIds, IReadOnlyList<double> Values);


using SvDecode.Eval.Metrics;
using SvDecode.Eval.Results;

namespace SvDecode.Eval.Results;

/// <summary>
/// One unit's per-item record for --log-items: the per-item metric values, and the score stage's items.jsonl (prompt
/// id, choice scores, generated text) when it wrote one.
/// </summary>
public sealed record UnitItemLog(string Cell, string Benchmark, IReadOnlyList<ItemScores> Scores, string? OutputsPath);

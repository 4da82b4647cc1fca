namespace SvDecode.Eval.Results;

/// <summary>One line of item_scores.jsonl: every metric's value of one item of one benchmark in one cell.</summary>
public sealed record ItemScoreLine(string Cell, string Benchmark, string Item, IReadOnlyDictionary<string, double> Scores);

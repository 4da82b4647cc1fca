namespace SvDecode.Eval.Results;

/// <summary>One metric of one benchmark in one cell: the value, its standard error and the number of items.</summary>
public sealed record MetricValue(string Name, double Value, double? Stderr, int N);

namespace SvDecode.Eval.Comparison;

/// <summary>
/// One per-item score that `compare --exact` found different: changed (both values), missing from the current run
/// (<see cref="Current"/> null) or added in it (<see cref="Baseline"/> null).
/// </summary>
public sealed record ItemChange(string Benchmark, string Cell, string Metric, string Item, double? Baseline, double? Current)
{
    /// <summary>changed, missing or added.</summary>
    public string Kind => Baseline is null ? "added" : Current is null ? "missing" : "changed";
}

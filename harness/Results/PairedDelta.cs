namespace SvDecode.Eval.Results;

/// <summary>
/// A cell against its baseline on the same items (the same adapter with steering off, or the pre-trained model): the mean of
/// cell − baseline per item, with a seeded percentile-bootstrap confidence interval.
/// </summary>
public sealed record PairedDelta(
    string Benchmark,
    string Metric,
    string Baseline,
    string Cell,
    double Delta,
    double Stderr,
    double CiLow,
    double CiHigh,
    double Confidence,
    int N,
    int Iterations,
    int Seed);

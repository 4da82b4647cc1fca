namespace SvDecode.Eval.Metrics;

/// <summary>
/// The paired difference mean(b − a) of one per-item metric under two conditions on the SAME items (e.g. without
/// and with steering), with its standard error and a percentile bootstrap confidence interval.
/// </summary>
public sealed record PairedDifference(double MeanDifference, double StdErr, double CiLow, double CiHigh, double Confidence, int Count, int Iterations, int Seed);

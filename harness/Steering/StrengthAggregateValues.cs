namespace SvDecode.Eval.Steering;

/// <summary>Every aggregate of the used μ*_t, always reported together so an unstable mean is visible
/// (one fixture: mean −30.2, median −0.34). NaN when no token was used.</summary>
public sealed record StrengthAggregateValues(double Mean, double Median, double Trimmed, double TrimTau, int TrimmedCount, double Ratio);

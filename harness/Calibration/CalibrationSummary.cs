using SvDecode.Eval.Steering;

namespace SvDecode.Eval.Calibration;

/// <summary>What `svdecode-eval calibrate` prints: every μ̄ aggregate with the token counts and the fraction of
/// negative μ*_t, so an unstable mean is visible next to the median (method.md §3).</summary>
public sealed record CalibrationSummary(
    double MuMean,
    double MuMedian,
    double MuTrimmed,
    double MuRatio,
    int TokensUsed,
    int TokensSkipped,
    double NegativeFraction,
    int Examples,
    double Alpha,
    bool Projection)
{
    public static CalibrationSummary From(StrengthReport report, int examples, double alpha, bool projection) => new(
        report.Aggregates.Mean,
        report.Aggregates.Median,
        report.Aggregates.Trimmed,
        report.Aggregates.Ratio,
        report.TokensUsed,
        report.TokensSkipped,
        report.FractionNegative,
        examples,
        alpha,
        projection);
}

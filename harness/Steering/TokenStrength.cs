namespace SvDecode.Eval.Steering;

/// <summary>
/// The optimal strength for one teacher-forced target token (Eq. 20/43 over the kept set):
/// μ* = Numerator / (Denominator + ε) with Numerator = Σ_keep (e_y − p)·δ and Denominator = Σ_keep δ². The same
/// pass measures δ at the position (<see cref="Kl"/>, <see cref="NonFinite"/>) for <see cref="CalibrationSteeringSummary"/>.
/// </summary>
/// <param name="Kl">KL(p_φ ‖ p_θ) at the position (NaN when not measured).</param>
/// <param name="NonFinite">NaN/±Inf entries of z_θ, z_φ and δ at the position (null when not measured).</param>
public readonly record struct TokenStrength(
    double Mu, double Numerator, double Denominator, int KeptCount, bool GoldKept, StrengthSkipReason Skip,
    double Kl = double.NaN, NonFiniteCounts? NonFinite = null)
{
    public bool Used => Skip == StrengthSkipReason.None;
}

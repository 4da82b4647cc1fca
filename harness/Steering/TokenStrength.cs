namespace SvDecode.Eval.Steering;

/// <summary>
/// The optimal strength for one teacher-forced target token (Eq. 20/43 over the kept set):
/// μ* = Numerator / (Denominator + ε) with Numerator = Σ_keep (e_y − p)·δ and Denominator = Σ_keep δ².
/// </summary>
public readonly record struct TokenStrength(double Mu, double Numerator, double Denominator, int KeptCount, bool GoldKept, StrengthSkipReason Skip)
{
    public bool Used => Skip == StrengthSkipReason.None;
}

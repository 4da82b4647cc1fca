namespace SvDecode.Eval.Steering;

/// <summary>Why a calibration token did not contribute to μ̄.</summary>
public enum StrengthSkipReason
{
    /// <summary>The token is used.</summary>
    None,

    /// <summary>‖δ_keep‖ fell below the configured min_delta_norm.</summary>
    SmallDelta,

    /// <summary>μ*, its numerator or its denominator is NaN/±Inf (non-finite logits upstream).</summary>
    NonFinite,
}

/// <summary>
/// The optimal strength for one teacher-forced target token (Eq. 20/43 over the kept set):
/// μ* = Numerator / (Denominator + ε) with Numerator = Σ_keep (e_y − p)·δ and Denominator = Σ_keep δ².
/// </summary>
public readonly record struct TokenStrength(double Mu, double Numerator, double Denominator, int KeptCount, bool GoldKept, StrengthSkipReason Skip)
{
    public bool Used => Skip == StrengthSkipReason.None;
}

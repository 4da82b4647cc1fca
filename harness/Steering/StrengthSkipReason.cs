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

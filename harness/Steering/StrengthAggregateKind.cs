namespace SvDecode.Eval.Steering;

/// <summary>How per-token μ*_t become the one scalar μ̄ (method.md §3).</summary>
public enum StrengthAggregateKind
{
    /// <summary>Plain mean over all used tokens (Eq. 44; the paper's default).</summary>
    Mean,

    /// <summary>numpy-style median.</summary>
    Median,

    /// <summary>Mean of the values within τ of the median.</summary>
    Trimmed,

    /// <summary>Σ numerators / (Σ denominators + N·ε) (Eq. 46): the minimiser of the pooled quadratic model.</summary>
    Ratio,

    /// <summary>A value given in the configuration (ablations and sweeps).</summary>
    Fixed,
}

namespace SvDecode.Eval.Steering;

/// <summary>How the confidence mask is applied, after scaling by μ (method.md §2).</summary>
public enum MaskMode
{
    /// <summary>ẑ = where(keep, z_φ + μδ, −∞): the default for generation.</summary>
    Hard,

    /// <summary>ẑ = z_φ + μ·(keep ? δ : 0): the default for likelihood scoring.</summary>
    Soft,

    /// <summary>ẑ = z_φ + μδ: the "w/o constraint" ablation.</summary>
    None,
}

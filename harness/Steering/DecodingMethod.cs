namespace SvDecode.Eval.Steering;

/// <summary>
/// How a decoding method forms its logits ẑ from the pair (z_θ base, z_φ adapted) at one position (method.md
/// "Decoding baselines"). The plain adapted model (ẑ = z_φ) is no method: it needs no pair.
/// </summary>
public enum DecodingMethod
{
    /// <summary>SVDecode: ẑ = z_φ + μ̄·δ under the mask mode (method.md §1–§3).</summary>
    SvDecode,

    /// <summary>Contrastive decoding, the pre-trained model as the amateur: ẑ = where(keep, lp_φ − β·lp_θ, −∞).</summary>
    Contrastive,

    /// <summary>Plain logit extrapolation along d = lp_φ − lp_θ: ẑ = z_φ + λ̄·d under the mask mode.</summary>
    Extrapolation,
}

using TorchSharp;

namespace SvDecode.Eval.Steering;

/// <summary>
/// Contrastive decoding (Li et al. 2023) with the adapted model as the expert and the pre-trained one as the amateur:
/// ẑ = where(keep, lp_φ − β·lp_θ, −∞). The plausibility mask is part of the method, so it is always hard whatever
/// the mask mode settings say; keep is SVDecode's confidence mask (the same α).
/// </summary>
public sealed class ContrastiveTransform : IPairLogitsTransform
{
    public const double DefaultBeta = 1.0;

    public ContrastiveTransform(double beta, double alpha)
    {
        if (!double.IsFinite(beta))
        {
            throw new InputException($"contrastive.beta = {beta} must be a finite number.");
        }
        Beta = beta;
        Alpha = alpha;
    }

    public DecodingMethod Method => DecodingMethod.Contrastive;

    public double Alpha { get; }

    public double Beta { get; }

    public torch.Tensor Apply(SteeringResult pair, torch.Tensor keep)
    {
        using var scope = torch.NewDisposeScope();
        // lp_φ − β·lp_θ = lp_φ − β·(lp_φ − log r) = (1 − β)·lp_φ + β·log r: log r is already there, lp_φ is one op.
        var logPhi = pair.AdaptedLogits.log_softmax(-1);                                    // (..., V)
        var contrast = logPhi.mul(1.0 - Beta).add(pair.LogRatio, Beta);                     // (..., V)
        return torch.where(keep, contrast, double.NegativeInfinity).MoveToOuterDisposeScope();
    }
}

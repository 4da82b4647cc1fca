using System.ComponentModel.DataAnnotations;
using SvDecode.Eval.Steering;

namespace SvDecode.Eval.Pipeline.Spec;

/// <summary>Contrastive decoding with the pre-trained model as the amateur (method.md "Decoding baselines").</summary>
public sealed record ContrastiveSettings
{
    [SpecDoc("weight of the pre-trained model's log-probabilities: z-hat = log p_adapted - beta * log p_pretrained over the tokens steering.alpha keeps (1: Li et al.'s log p_expert - log p_amateur)")]
    [Range(-1e6, 1e6)]
    public double Beta { get; init; } = ContrastiveTransform.DefaultBeta;
}

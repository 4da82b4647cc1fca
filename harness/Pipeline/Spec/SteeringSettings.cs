using System.ComponentModel.DataAnnotations;
using SvDecode.Eval.Steering;

namespace SvDecode.Eval.Pipeline.Spec;

/// <summary>The steering vector and its confidence mask (method.md §1, §2).</summary>
public sealed record SteeringSettings
{
    [SpecDoc("SVDecode's confidence-mask threshold (the paper's α): keep tokens with probability >= alpha times the top one; not LoRA's alpha, nor compare's --significance")]
    [Range(0.0, 1.0)]
    public double Alpha { get; init; } = 0.1;

    [SpecDoc("mask mode during generation")]
    public MaskMode GenerationMask { get; init; } = MaskMode.Hard;

    [SpecDoc("mask mode during log-likelihood scoring (hard: answers leaving the mask score -inf, ties broken by the unsteered score)")]
    public MaskMode ScoringMask { get; init; } = MaskMode.Soft;

    [SpecDoc("project the KL gradient through the softmax Jacobian (false: the 'projection off' ablation, which adds g and solves mu-bar along g)")]
    public bool Projection { get; init; } = true;

    [SpecDoc("how base and adapted models run together: batched (both as rows of one forward; LoRA, IA3, prompt tuning) or lock_step (two forwards)")]
    public PairForward PairForward { get; init; } = PairForward.Batched;

    [SpecDoc("fail a cell when more than this fraction of positions has non-finite logits or steering values")]
    [Range(0.0, 1.0)]
    public double MaxNonFiniteFraction { get; init; } = 0.001;
}

namespace SvDecode.Eval.Steering;

/// <summary>
/// How steered logits are formed: the mask threshold α, the mask mode and whether g is projected through the softmax
/// Jacobian (δ, the method) or added directly (the "projection off" ablation). Validates itself.
/// </summary>
public sealed record SteeringOptions
{
    /// <summary>Relative confidence threshold of the mask, in [0, 1].</summary>
    public double Alpha { get; init; } = ConfidenceMask.DefaultAlpha;

    public MaskMode Mask { get; init; } = MaskMode.Hard;

    /// <summary>True (the method): add μδ. False (ablation): add μg with g = −(log r + 1).</summary>
    public bool Projection { get; init; } = true;

    /// <summary>method.md §2 defaults for generation: hard mask, α 0.1, projection on.</summary>
    public static SteeringOptions ForGeneration { get; } = new() { Mask = MaskMode.Hard };

    /// <summary>method.md §4 defaults for likelihood scoring: soft mask, α 0.1, projection on.</summary>
    public static SteeringOptions ForScoring { get; } = new() { Mask = MaskMode.Soft };

    /// <summary>Returns this options object if valid; otherwise throws an <see cref="InputException"/> naming
    /// <paramref name="source"/> (a file and a field path, e.g. "pipeline.yaml: steering") and the bad field.</summary>
    public SteeringOptions Validate(string source = "steering options")
    {
        if (!(Alpha >= 0 && Alpha <= 1))
        {
            throw new InputException($"{source}: alpha = {Alpha} is out of range; it must lie in [0, 1] (default {ConfidenceMask.DefaultAlpha}).");
        }
        if (!Enum.IsDefined(Mask))
        {
            throw new InputException($"{source}: mask = {(int)Mask} is not a mask mode; allowed: {string.Join(", ", MaskModes.Names)}.");
        }
        return this;
    }
}

using static TorchSharp.torch;

namespace SvDecode.Eval.Models;

/// <summary>Builds the boolean "may attend" mask and the fill value for masked scores.</summary>
public static class AttentionMask
{
    /// <summary>
    /// allowed[b, 0, i, j] = key slot j is not padding and j ≤ (S − T) + i, for T new queries over S slots; with a
    /// sliding window W also j &gt; (S − T) + i − W (the query sees W slots, itself included, as HF Mistral does).
    /// keyMask: (B, S) bool. Returns (B, 1, T, S).
    /// </summary>
    public static Tensor Causal(Tensor keyMask, long newTokens, int? slidingWindow = null)
    {
        var slots = keyMask.shape[1];
        if (newTokens == 1 && (slidingWindow is null || slots <= slidingWindow))
        {
            // A decode step: the one query is the last slot and may see every slot that is not padding.
            return keyMask.view(keyMask.shape[0], 1, 1, slots);
        }
        var past = slots - newTokens;
        var query = arange(past, slots, device: keyMask.device).unsqueeze(1); // (T, 1)
        var key = arange(slots, device: keyMask.device).unsqueeze(0);         // (1, S)
        var causal = key.le(query);                                            // (T, S)
        if (slidingWindow is { } window)
        {
            causal = causal.logical_and(key.gt(query - window));
        }
        return causal.unsqueeze(0).unsqueeze(0).logical_and(keyMask.unsqueeze(1).unsqueeze(1)); // (B, 1, T, S)
    }

    /// <summary>
    /// allowed (B, 1, T, S) bool → additive float32 bias (B, 1, T, S): 0 where allowed, <see cref="MaskedScore"/> where
    /// not. Built once per forward and shared by every layer (a fused attention kernel takes it as attn_mask).
    /// </summary>
    public static Tensor Bias(Tensor allowed) =>
        zeros(allowed.shape, dtype: ScalarType.Float32, device: allowed.device).masked_fill_(allowed.logical_not(), MaskedScore);

    /// <summary>
    /// Masked float32 scores get this large finite negative instead of −∞, so a query row with nothing to attend
    /// (a left pad) yields a uniform softmax instead of NaN; its output is never read.
    /// </summary>
    public const double MaskedScore = -3.0e38;

    /// <summary>
    /// positions = cumsum(mask) − 1 per row, plus <paramref name="offset"/> (B, 1): the attended tokens each row already
    /// has (cached steps, virtual tokens). Clamped at 0 for leading pads, whose outputs are never read.
    /// </summary>
    public static Tensor Positions(Tensor mask, Tensor? offset = null)
    {
        var positions = mask.to(ScalarType.Int64).cumsum(1) - 1; // (B, T)
        if (offset is not null)
        {
            positions = positions + offset;
        }
        return positions.clamp_min(0);
    }
}

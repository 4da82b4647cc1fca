using SvDecode.Eval.Models;

namespace SvDecode.Eval.Decoding;

/// <summary>
/// How many positions of a batch one inference forward takes at once. A forward's transient memory is its widest
/// activations — the MLP's gate, up and product, each (rows × positions × intermediate) — plus the attention scores,
/// so a long prompt batch through a 0.5B model would need gigabytes beside the weights (16 rows × 300 positions: ~1.5
/// GB). Sliced to about 16 MiB per activation tensor, the peak stays a few hundred MB over the weights and the KV
/// cache, and the products stay large enough (hundreds of rows) to run at full speed.
/// </summary>
public static class ForwardChunks
{
    public const long ActivationBytes = 16L << 20;

    /// <summary>Positions per slice for a batch of <paramref name="rows"/> rows; at least 16, so that slices never get
    /// thin enough for per-op costs to dominate.</summary>
    public static long Positions(ModelConfig config, long elementSize, long rows) =>
        Math.Max(16, ActivationBytes / (Math.Max(1, rows) * Math.Max(config.IntermediateSize, config.HiddenSize) * elementSize));
}

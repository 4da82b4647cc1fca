using SvDecode.Eval.Models;

namespace SvDecode.Eval.Decoding;

/// <summary>
/// How many positions of a batch one inference forward takes at once. A forward's transient memory is its widest
/// activations — the MLP's gate, up and product, each (rows × positions × intermediate) — plus the attention scores,
/// so a long prompt batch through a 0.5B model would need gigabytes beside the weights (16 rows × 300 positions: ~1.5
/// GB). Sliced so that one activation tensor takes 1/256 of the weights' bytes (between 4 and 64 MiB), the peak stays
/// a few percent over the weights and the KV cache, and the products stay large enough (hundreds of rows) to run at
/// full speed.
/// </summary>
public static class ForwardChunks
{
    private const long MinBytes = 4L << 20;
    private const long MaxBytes = 64L << 20;

    /// <summary>Positions per slice for a batch of <paramref name="rows"/> rows; at least 16, so that slices never get
    /// thin enough for per-op costs to dominate.</summary>
    public static long Positions(ModelConfig config, long weightBytes, long elementSize, long rows)
    {
        var bytes = Math.Clamp(weightBytes / 256, MinBytes, MaxBytes);
        return Math.Max(16, bytes / (Math.Max(1, rows) * Math.Max(config.IntermediateSize, config.HiddenSize) * elementSize));
    }
}

using SvDecode.Eval.Platform;

namespace SvDecode.Eval.Decoding;

/// <summary>
/// How many positions' full-vocabulary logits a caller holds at once. Steering a chunk keeps about a dozen float32
/// (N, V) tensors alive (both models' logits, log-softmaxes, log-ratios, probabilities, δ, the mask, ẑ), so each is
/// given 1/256 of the weights' bytes, between 4 and 32 MiB: about 5% of the weights for the whole working set
/// (Qwen2.5-0.5B in float32: 12 positions of its 152K vocabulary; an 8B model in bfloat16: 65). Never fewer than 8
/// positions: each chunk reads the whole LM head, so thinner chunks would spend their time streaming it.
/// </summary>
public static class LogitChunks
{
    public const int MinRows = 8;

    private const long MinBytes = 4L << 20;
    private const long MaxBytes = 32L << 20;

    /// <summary>Positions per chunk for a model of <paramref name="weightBytes"/> and a vocabulary of <paramref name="vocabSize"/>.</summary>
    public static int Rows(long vocabSize, long weightBytes)
    {
        var bytes = Math.Clamp(weightBytes / 256, MinBytes, MaxBytes);
        return (int)Math.Clamp(bytes / (4 * Math.Max(1, vocabSize)), MinRows, int.MaxValue);
    }

    /// <summary>
    /// Splits 0..count−1 into consecutive ranges of at most <paramref name="rows"/> positions. Before the first range
    /// and after the caller is done with each, the heap's free pages go back to the kernel once resident memory has
    /// grown past the slack (<see cref="NativeHeap.ReleaseFreePagesPastSlack"/>). Before the first: the forward that
    /// made the hidden states has just freed its activations, which stay resident on the heap (a Qwen2.5-0.5B
    /// calibration batch through the bfloat16 pair: ~180 MiB), and the first chunk's tensors would otherwise stack on
    /// top of them. After each: a chunk's dozen full-vocabulary tensors come from the heap, fast, and the holes they
    /// leave are not carried into the next chunk, whose answer lengths and so tensor sizes differ.
    /// </summary>
    public static IEnumerable<(int Start, int Length)> Ranges(int count, int rows)
    {
        NativeHeap.ReleaseFreePagesPastSlack();
        for (var start = 0; start < count; start += rows)
        {
            yield return (start, Math.Min(rows, count - start));
            NativeHeap.ReleaseFreePagesPastSlack();
        }
    }
}

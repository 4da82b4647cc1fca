namespace SvDecode.Eval.Decoding;

/// <summary>
/// How many positions' full-vocabulary logits a caller holds at once. Steering a chunk keeps about ten float32
/// (N, V) tensors alive (both models' logits, log-ratios, probabilities, δ, the mask, ẑ), so the budget per tensor
/// is small: 4M elements (16 MiB) gives 27 positions of a 152K vocabulary, 128 of a 32K one, and stays well inside
/// the headroom beside a bfloat16 0.5B model. The head is still a (N, C) × (C, V) product, large enough to run at
/// full speed.
/// </summary>
public static class LogitChunks
{
    public const long DefaultElements = 1L << 22;

    /// <summary>Positions per chunk for a vocabulary of <paramref name="vocabSize"/>: at least 1.</summary>
    public static int Rows(long vocabSize, long elements = DefaultElements) => (int)Math.Clamp(elements / Math.Max(1, vocabSize), 1, int.MaxValue);

    /// <summary>Splits 0..count−1 into consecutive ranges of at most <see cref="Rows"/> positions.</summary>
    public static IEnumerable<(int Start, int Length)> Ranges(int count, long vocabSize)
    {
        var size = Rows(vocabSize);
        for (var start = 0; start < count; start += size)
        {
            yield return (start, Math.Min(size, count - start));
        }
    }
}

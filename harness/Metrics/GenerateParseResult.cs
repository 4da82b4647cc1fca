namespace SvDecode.Eval.Metrics;

/// <summary>Per-item outcome of generate-then-parse scoring: 1/0 correctness (unparsable counts 0).</summary>
public sealed record GenerateParseResult(double[] Correct, bool[] Unparsable)
{
    public int Count => Correct.Length;

    public int UnparsableCount => Unparsable.Count(u => u);

    public double Accuracy => Correct.Length == 0 ? double.NaN : Correct.Average();

    /// <summary>The "unparsable" metric: the fraction of items with no allowed answer in the generation.</summary>
    public double UnparsableFraction => Unparsable.Length == 0 ? double.NaN : UnparsableCount / (double)Unparsable.Length;
}

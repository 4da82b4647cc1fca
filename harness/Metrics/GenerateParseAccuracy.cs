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

/// <summary>The gen_acc and unparsable metrics (method.md §6, the paper's generation-style scoring).</summary>
public static class GenerateParseAccuracy
{
    /// <param name="generations">The generated text of each item.</param>
    /// <param name="golds">The gold choice index of each item, an index into the parser's allowed answers.</param>
    public static GenerateParseResult Score(AnswerParser parser, IReadOnlyList<string> generations, IReadOnlyList<int> golds)
    {
        if (generations.Count != golds.Count)
        {
            throw new ArgumentException($"{generations.Count} generations but {golds.Count} gold answers.");
        }
        var correct = new double[generations.Count];
        var unparsable = new bool[generations.Count];
        for (var i = 0; i < generations.Count; i++)
        {
            var parsed = parser.Parse(generations[i]);
            unparsable[i] = parsed is null;
            correct[i] = parsed == golds[i] ? 1.0 : 0.0;
        }
        return new GenerateParseResult(correct, unparsable);
    }
}

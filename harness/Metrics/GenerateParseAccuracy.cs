namespace SvDecode.Eval.Metrics;

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

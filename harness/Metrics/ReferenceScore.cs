namespace SvDecode.Eval.Metrics;

/// <summary>One reference-based score of a generated answer: the best score against a true reference, the best
/// against a false one, their difference, and the derived accuracy (difference &gt; 0).</summary>
public sealed record ReferenceScore(double MaxTrue, double MaxFalse)
{
    public double Diff => MaxTrue - MaxFalse;

    public double Acc => Diff > 0 ? 1.0 : 0.0;
}

namespace SvDecode.Eval.Metrics;

/// <summary>MC1, MC2, MC3 of one TruthfulQA question and their mean ("MC Avg").</summary>
public sealed record TruthfulQaMcScores(double Mc1, double Mc2, double Mc3)
{
    public double Average => (Mc1 + Mc2 + Mc3) / 3.0;
}

namespace SvDecode.Eval.Metrics;

/// <param name="OnlyA">Items correct under A and wrong under B.</param>
/// <param name="OnlyB">Items wrong under A and correct under B.</param>
/// <param name="PValue">Two-sided exact p-value.</param>
public sealed record McNemarResult(int OnlyA, int OnlyB, int Count, double PValue);

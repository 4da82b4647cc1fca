namespace SvDecode.Eval.Data;

/// <summary>
/// TruthfulQA multiple-choice targets in the data's order: answer texts, their rendered continuations and
/// labels (1 true, 0 false). For MC1 the true answer is at index 0, as in the TruthfulQA repository.
/// </summary>
public sealed record McTargets(IReadOnlyList<string> Answers, IReadOnlyList<string> Continuations, IReadOnlyList<int> Labels)
{
    public int TrueCount => Labels.Count(l => l == 1);
}

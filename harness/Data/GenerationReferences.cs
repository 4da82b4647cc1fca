namespace SvDecode.Eval.Data;

/// <summary>Reference answers for open-ended generation (TruthfulQA's Best / Correct / Incorrect columns).</summary>
public sealed record GenerationReferences(string? Best, IReadOnlyList<string> Correct, IReadOnlyList<string> Incorrect);

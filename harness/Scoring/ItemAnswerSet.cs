using System.Text.Json.Serialization;

namespace SvDecode.Eval.Scoring;

/// <summary>One TruthfulQA answer set of an <see cref="ItemOutput"/>: the rendered answers, their labels (1 true,
/// 0 false) and log-likelihoods as scored and, in a steered cell, unsteered.</summary>
public sealed record ItemAnswerSet(
    IReadOnlyList<string> Choices,
    IReadOnlyList<int> Labels,
    IReadOnlyList<double> Loglikelihoods,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<double>? UnsteeredLoglikelihoods);

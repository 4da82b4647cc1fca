namespace SvDecode.Eval.Metrics;

/// <summary>TruthfulQA's automated generation metrics for one answer.</summary>
public sealed record TruthfulQaReferenceScores(ReferenceScore Bleu, ReferenceScore Rouge1, ReferenceScore Rouge2, ReferenceScore RougeL);

using SvDecode.Eval.Data;

namespace SvDecode.Eval.Benchmarks.TruthfulQa;

/// <summary>One TruthfulQA.csv row: its id (row index, or the original id from question_ids.tsv), line and references.</summary>
public sealed record TruthfulQaQuestion(int Id, int Line, string Category, string Question, GenerationReferences References);

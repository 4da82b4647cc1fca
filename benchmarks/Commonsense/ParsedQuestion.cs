namespace SvDecode.Eval.Benchmarks.Commonsense;

/// <summary>A commonsense question taken apart: its stem, its choice texts and their answer labels ("answer1", "true").</summary>
public sealed record ParsedQuestion(string Stem, IReadOnlyList<string> ChoiceTexts, IReadOnlyList<string> Labels);

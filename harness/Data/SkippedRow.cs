namespace SvDecode.Eval.Data;

/// <summary>A malformed row skipped because skip_bad_rows was on: where it was and what was wrong.</summary>
public sealed record SkippedRow(string File, int Line, string Reason);

namespace SvDecode.Eval.Data;

/// <summary>Thrown by a row parser for one malformed row; <see cref="BadRowPolicy"/> adds file and line, or skips the row.</summary>
public sealed class BadRowException(string message) : Exception(message);

namespace SvDecode.Eval.Pipeline.Yaml;

/// <summary>Where a value came from: a file (or a --set override) with a 1-based line and column.</summary>
public readonly record struct SourceMark(string Source, int Line, int Column)
{
    public override string ToString() => $"{Source}:{Line}:{Column}";
}

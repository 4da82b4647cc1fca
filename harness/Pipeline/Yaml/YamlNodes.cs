namespace SvDecode.Eval.Pipeline.Yaml;

/// <summary>
/// A minimal YAML tree that keeps the position of every node, so that every error can name file, line and column.
/// YamlDotNet's own representation model drops positions of values and stops at the first duplicate key.
/// </summary>
public abstract record YamlValue(SourceMark Mark);

/// <summary>A scalar. <see cref="IsQuoted"/> distinguishes the string "null" from a null.</summary>
public sealed record YamlScalar(string Text, bool IsQuoted, SourceMark Mark) : YamlValue(Mark)
{
    public bool IsNull => !IsQuoted && Text is "" or "~" or "null" or "Null" or "NULL";
}

public sealed record YamlEntry(YamlScalar Key, YamlValue Value);

public sealed record YamlMap(List<YamlEntry> Entries, SourceMark Mark) : YamlValue(Mark)
{
    public YamlEntry? Find(string key) => Entries.Find(e => e.Key.Text == key);
}

public sealed record YamlList(List<YamlValue> Items, SourceMark Mark) : YamlValue(Mark);

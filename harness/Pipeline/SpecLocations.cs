using SvDecode.Eval.Pipeline.Yaml;

namespace SvDecode.Eval.Pipeline;

/// <summary>The source position of every bound value by its dotted path ("benchmarks[0].data").</summary>
public sealed class SpecLocations
{
    private readonly Dictionary<string, SourceMark> _marks = new(StringComparer.Ordinal);

    public SpecLocations(SourceMark root) => Root = root;

    public SourceMark Root { get; }

    internal void Set(string path, SourceMark mark) => _marks[path] = mark;

    /// <summary>The mark of the path, or of its nearest parent that was written in the file.</summary>
    public SourceMark Of(string path)
    {
        for (var p = path; p.Length > 0; p = Parent(p))
        {
            if (_marks.TryGetValue(p, out var mark))
            {
                return mark;
            }
        }
        return Root;
    }

    public bool Contains(string path) => _marks.ContainsKey(path);

    private static string Parent(string path)
    {
        var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
        return cut <= 0 ? "" : path[..cut];
    }
}

/// <summary>Lets a record report a cross-field problem at the position of one of its fields.</summary>
public sealed class SpecValidationContext(string path, SpecLocations locations, DiagnosticBag diagnostics)
{
    public string Path { get; } = path;

    public void Error(string field, string message)
    {
        var full = Path.Length == 0 ? field : $"{Path}.{field}";
        diagnostics.Add(locations.Of(full), $"{full}: {message}");
    }

    public SpecLocations Locations => locations;
}

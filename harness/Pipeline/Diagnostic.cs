using SvDecode.Eval.Pipeline.Yaml;

namespace SvDecode.Eval.Pipeline;

/// <summary>One problem in a pipeline file, printed as <c>file:line:col: message</c>.</summary>
public sealed record Diagnostic(SourceMark Mark, string Message)
{
    public override string ToString() => $"{Mark}: {Message}";
}

/// <summary>Collects every problem of a file instead of stopping at the first one.</summary>
public sealed class DiagnosticBag
{
    private readonly List<Diagnostic> _items = [];

    public IReadOnlyList<Diagnostic> Items => _items;

    public bool HasErrors => _items.Count > 0;

    public void Add(SourceMark mark, string message) => _items.Add(new Diagnostic(mark, message));

    /// <summary>Sorted by position so a user reads them top to bottom; overrides (--set) come last.</summary>
    public IReadOnlyList<Diagnostic> Sorted() =>
        [.. _items.OrderBy(d => d.Mark.Source.StartsWith("--set", StringComparison.Ordinal) ? 1 : 0)
                  .ThenBy(d => d.Mark.Line).ThenBy(d => d.Mark.Column)];
}

/// <summary>A pipeline that failed validation; the message lists every diagnostic.</summary>
public sealed class PipelineValidationException(IReadOnlyList<Diagnostic> diagnostics)
    : InputException(string.Join(Environment.NewLine, diagnostics.Select(d => d.ToString())))
{
    public IReadOnlyList<Diagnostic> Diagnostics { get; } = diagnostics;
}

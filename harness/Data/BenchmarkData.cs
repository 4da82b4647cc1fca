namespace SvDecode.Eval.Data;

/// <summary>
/// Everything an adapter loaded: items per split the files provide, skipped bad rows, the template and
/// the SHA-256 of every file read. Serialises to JSON (the dataset stage writes it as an artifact).
/// </summary>
public sealed record BenchmarkData
{
    public required string Benchmark { get; init; }

    public required TemplateInfo Template { get; init; }

    /// <summary>Items per split name (<see cref="BenchmarkSplits"/>), in the files' order.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyList<BenchmarkItem>> Splits { get; init; }

    /// <summary>Count of malformed rows skipped (only non-zero with skip_bad_rows).</summary>
    public int SkippedRowCount => SkippedRows.Count;

    public IReadOnlyList<SkippedRow> SkippedRows { get; init; } = [];

    public required IReadOnlyList<FileDigest> Files { get; init; }

    public IReadOnlyList<BenchmarkItem> Split(string name) =>
        Splits.TryGetValue(name, out var items) ? items : [];

    public bool HasSplit(string name) => Splits.TryGetValue(name, out var items) && items.Count > 0;
}

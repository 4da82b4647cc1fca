namespace SvDecode.Eval.Data;

/// <summary>
/// The bookkeeping every adapter shares: one bad-row policy, the digest of every file read, and items per split.
/// An adapter reads its files through <see cref="Read"/>, turns rows into items through <see cref="Rows{TRow}"/>
/// (a bad row fails the load, or with skip_bad_rows is skipped and counted), and ends with <see cref="Build"/>.
/// </summary>
public sealed class BenchmarkDataBuilder(string benchmark, TemplateInfo template, bool skipBadRows)
{
    private readonly List<FileDigest> _files = [];
    private readonly Dictionary<string, IReadOnlyList<BenchmarkItem>> _splits = new(StringComparer.Ordinal);

    public BadRowPolicy Policy { get; } = new(skipBadRows);

    public int SplitCount => _splits.Count;

    /// <summary>The evaluation file as the test split, then the training file when one is given.</summary>
    public static IEnumerable<(string Split, string Path)> TestAndTrain(BenchmarkLoadRequest request)
    {
        yield return (BenchmarkSplits.Test, request.DataPath);
        if (request.TrainDataPath is not null)
        {
            yield return (BenchmarkSplits.Train, request.TrainDataPath);
        }
    }

    /// <summary>Reads a file (clean errors for missing files, empty files and invalid UTF-8) and records its digest.</summary>
    public DataFile Read(string path, CancellationToken ct)
    {
        var file = DataFile.Read(path, ct);
        _files.Add(file.Digest);
        return file;
    }

    /// <summary>One item per row of <paramref name="file"/>, in row order; <paramref name="build"/> gets the row and its index.</summary>
    public List<BenchmarkItem> Rows<TRow>(DataFile file, IReadOnlyList<TRow> rows, Func<TRow, int> lineOf, Func<TRow, int, BenchmarkItem> build, CancellationToken ct)
    {
        var items = new List<BenchmarkItem>(rows.Count);
        for (var index = 0; index < rows.Count; index++)
        {
            ct.ThrowIfCancellationRequested();
            var row = rows[index];
            var rowIndex = index;
            if (Policy.Row(file.Path, lineOf(row), () => build(row, rowIndex)) is { } item)
            {
                items.Add(item);
            }
        }
        return items;
    }

    public void SetSplit(string split, IReadOnlyList<BenchmarkItem> items) => _splits[split] = items;

    public BenchmarkData Build() => new()
    {
        Benchmark = benchmark,
        Template = template,
        Splits = _splits,
        SkippedRows = Policy.Skipped,
        Files = _files,
    };
}

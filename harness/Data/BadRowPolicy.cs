namespace SvDecode.Eval.Data;

/// <summary>
/// Decides what a malformed row does: with skip_bad_rows it is recorded and skipped, otherwise it fails the load
/// with "&lt;file&gt;:&lt;line&gt;: &lt;what&gt;".
/// </summary>
public sealed class BadRowPolicy(bool skipBadRows)
{
    private readonly List<SkippedRow> _skipped = [];

    public IReadOnlyList<SkippedRow> Skipped => _skipped;

    /// <summary>Runs <paramref name="parse"/>; returns its value, or default when the row was bad and is skipped.</summary>
    public T? Row<T>(string file, int line, Func<T> parse) where T : class
    {
        try
        {
            return parse();
        }
        catch (BadRowException e)
        {
            if (!skipBadRows)
            {
                throw new InputException($"{file}:{line}: {e.Message}", e);
            }
            _skipped.Add(new SkippedRow(file, line, e.Message));
            return null;
        }
    }

    /// <summary>Records a bad row found outside <see cref="Row{T}"/> (e.g. a syntax error the reader recovered from).</summary>
    public void Bad(string file, int line, string reason)
    {
        if (!skipBadRows)
        {
            throw new InputException($"{file}:{line}: {reason}");
        }
        _skipped.Add(new SkippedRow(file, line, reason));
    }
}

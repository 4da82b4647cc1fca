namespace SvDecode.Eval.Peft;

/// <summary>Ends a row split (<see cref="IRowSplitAdapter.AdaptRowsFrom"/>) when disposed, once.</summary>
public sealed class RowSplitScope(Action end) : IDisposable
{
    private Action? _end = end;

    public void Dispose()
    {
        _end?.Invoke();
        _end = null;
    }
}

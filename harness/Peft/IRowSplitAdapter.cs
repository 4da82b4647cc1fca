namespace SvDecode.Eval.Peft;

/// <summary>An adapter that can apply itself to some rows of a batch only (LoRA and IA3 wrappers).</summary>
public interface IRowSplitAdapter
{
    /// <summary>
    /// Until disposed, rows ≥ <paramref name="firstAdaptedRow"/> of every forward use the adapter and the rows before
    /// it do not, whatever <see cref="IPeftAdapter.Enabled"/> says; disposing restores whole-batch switching.
    /// </summary>
    IDisposable AdaptRowsFrom(long firstAdaptedRow);
}

using static TorchSharp.torch;

namespace SvDecode.Eval.Decoding;

/// <summary>
/// What one forward's deferred logits have in common, for one model (<see cref="DeferredLogits"/>) or a pair: B rows
/// × T positions whose logits are made only where a caller names them, on the model's device, in chunks of the size
/// the model asks for. Owned by the caller, who disposes it.
/// </summary>
public abstract class DeferredPositions : IDisposable
{
    protected DeferredPositions(long rows, long positions, Device device, int chunkRows)
    {
        Rows = rows;
        Positions = positions;
        Device = device;
        ChunkRows = chunkRows;
    }

    /// <summary>B.</summary>
    public long Rows { get; }

    /// <summary>T.</summary>
    public long Positions { get; }

    /// <summary>Where the logits are made (the model's device).</summary>
    public Device Device { get; }

    /// <summary>How many positions a caller should ask for at once (<see cref="LogitChunks"/>, sized by the model).</summary>
    public int ChunkRows { get; }

    /// <summary>Row and position indices (B) of every row's last slot (a left-padded prompt's last token).</summary>
    protected (Tensor Rows, Tensor Positions) LastSlots() =>
        (arange(Rows, dtype: ScalarType.Int64, device: Device), full(Rows, Positions - 1, dtype: ScalarType.Int64, device: Device));

    /// <summary>Row and position indices (B·T) of every slot, row-major.</summary>
    protected (Tensor Rows, Tensor Positions) AllSlots() =>
        (arange(Rows, dtype: ScalarType.Int64, device: Device).repeat_interleave(Positions), arange(Positions, dtype: ScalarType.Int64, device: Device).repeat(Rows));

    /// <summary>Index arrays as tensors on <see cref="Device"/>.</summary>
    protected (Tensor Rows, Tensor Positions) Slots(long[] rows, long[] positions) =>
        (tensor(rows, device: Device), tensor(positions, device: Device));

    /// <summary>Frees what the logits are made from (hidden states, an inner object).</summary>
    protected abstract void Release();

    public void Dispose()
    {
        Release();
        GC.SuppressFinalize(this);
    }
}

using static TorchSharp.torch;

namespace SvDecode.Eval.Steering;

/// <summary>
/// The base and adapted logits of one paired forward (B rows × T positions each), made only at the positions a caller
/// names, as <see cref="Decoding.DeferredLogits"/> is for one model. Owned by the caller.
/// </summary>
public abstract class DeferredPairLogits : IDisposable
{
    protected DeferredPairLogits(long rows, long positions, Device device, int chunkRows)
    {
        Rows = rows;
        Positions = positions;
        Device = device;
        ChunkRows = chunkRows;
    }

    /// <summary>How many positions a caller should ask for at once (<see cref="Decoding.LogitChunks"/>, sized by the model).</summary>
    public int ChunkRows { get; }

    public long Rows { get; }

    public long Positions { get; }

    public Device Device { get; }

    /// <summary>rows (N), positions (N) int64 on <see cref="Device"/> → float32 base and adapted logits (N, V) each.</summary>
    public abstract (Tensor Base, Tensor Adapted) At(Tensor rows, Tensor positions);

    /// <summary><see cref="At(Tensor, Tensor)"/> with the indices given as arrays (made on <see cref="Device"/>).</summary>
    public (Tensor Base, Tensor Adapted) At(long[] rows, long[] positions)
    {
        using var scope = NewDisposeScope();
        var (b, a) = At(tensor(rows, device: Device), tensor(positions, device: Device));
        return (b.MoveToOuterDisposeScope(), a.MoveToOuterDisposeScope());
    }

    /// <summary>(B, V) each: after every row's last slot.</summary>
    public (Tensor Base, Tensor Adapted) Last()
    {
        using var scope = NewDisposeScope();
        var (b, a) = At(arange(Rows, dtype: ScalarType.Int64, device: Device), full(Rows, Positions - 1, dtype: ScalarType.Int64, device: Device));
        return (b.MoveToOuterDisposeScope(), a.MoveToOuterDisposeScope());
    }

    /// <summary>(B, T, V) each: every slot at once. Only for inputs known to be small (tests, a short probe).</summary>
    public (Tensor Base, Tensor Adapted) All()
    {
        using var scope = NewDisposeScope();
        var rows = arange(Rows, dtype: ScalarType.Int64, device: Device).repeat_interleave(Positions); // (B·T)
        var positions = arange(Positions, dtype: ScalarType.Int64, device: Device).repeat(Rows);        // (B·T)
        var (b, a) = At(rows, positions);                                                                // (B·T, V) each
        return (b.view(Rows, Positions, -1).MoveToOuterDisposeScope(), a.view(Rows, Positions, -1).MoveToOuterDisposeScope());
    }

    /// <summary>Frees what the logits are made from (hidden states, an inner object).</summary>
    protected abstract void Release();

    public void Dispose()
    {
        Release();
        GC.SuppressFinalize(this);
    }
}

using static TorchSharp.torch;

namespace SvDecode.Eval.Decoding;

/// <summary>
/// The next-token logits of B rows × T positions of one forward, computed only where a caller asks: a session keeps
/// what it needs to make them (the final hidden states, (B, T, C)) and applies the LM head to the named positions
/// alone. A 152K-token vocabulary then costs (N, V) for the N positions being worked on — callers take them in
/// chunks of <see cref="LogitChunks"/> — never (B, T, V). Owned by the caller, who disposes it; it stays valid after
/// its session moves on.
/// </summary>
public abstract class DeferredLogits : IDisposable
{
    protected DeferredLogits(long rows, long positions, Device device, int chunkRows)
    {
        Rows = rows;
        Positions = positions;
        Device = device;
        ChunkRows = chunkRows;
    }

    /// <summary>How many positions a caller should ask for at once (<see cref="LogitChunks"/>, sized by the model).</summary>
    public int ChunkRows { get; }

    /// <summary>B.</summary>
    public long Rows { get; }

    /// <summary>T.</summary>
    public long Positions { get; }

    /// <summary>Where the logits are made (the model's device).</summary>
    public Device Device { get; }

    /// <summary>rows (N), positions (N) int64 on <see cref="Device"/> → float32 logits (N, V) after each named slot.</summary>
    public abstract Tensor At(Tensor rows, Tensor positions);

    /// <summary><see cref="At(Tensor, Tensor)"/> with the indices given as arrays (made on <see cref="Device"/>).</summary>
    public Tensor At(long[] rows, long[] positions)
    {
        using var scope = NewDisposeScope();
        return At(tensor(rows, device: Device), tensor(positions, device: Device)).MoveToOuterDisposeScope();
    }

    /// <summary>(B, V): the logits after every row's last slot (a left-padded prompt's last token).</summary>
    public Tensor Last()
    {
        using var scope = NewDisposeScope();
        return At(arange(Rows, dtype: ScalarType.Int64, device: Device), full(Rows, Positions - 1, dtype: ScalarType.Int64, device: Device)).MoveToOuterDisposeScope();
    }

    /// <summary>(B, T, V): every slot at once. Only for inputs known to be small (tests, a probe of a short input).</summary>
    public Tensor All()
    {
        using var scope = NewDisposeScope();
        var rows = arange(Rows, dtype: ScalarType.Int64, device: Device).repeat_interleave(Positions); // (B·T)
        var positions = arange(Positions, dtype: ScalarType.Int64, device: Device).repeat(Rows);        // (B·T)
        var logits = At(rows, positions);                                                                // (B·T, V)
        return logits.view(Rows, Positions, -1).MoveToOuterDisposeScope();
    }

    /// <summary>Frees what the logits are made from (hidden states, an inner object).</summary>
    protected abstract void Release();

    public void Dispose()
    {
        Release();
        GC.SuppressFinalize(this);
    }
}

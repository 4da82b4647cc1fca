using static TorchSharp.torch;

namespace SvDecode.Eval.Decoding;

/// <summary>
/// The next-token logits of B rows × T positions of one forward, computed only where a caller asks: a session keeps
/// what it needs to make them (the final hidden states, (B, T, C)) and applies the LM head to the named positions
/// alone. A 152K-token vocabulary then costs (N, V) for the N positions being worked on — callers take them in chunks
/// of <see cref="DeferredPositions.ChunkRows"/> — never (B, T, V). It stays valid after its session moves on.
/// </summary>
public abstract class DeferredLogits(long rows, long positions, Device device, int chunkRows) : DeferredPositions(rows, positions, device, chunkRows)
{
    /// <summary>rows (N), positions (N) int64 on <see cref="DeferredPositions.Device"/> → float32 logits (N, V) after each named slot.</summary>
    public abstract Tensor At(Tensor rows, Tensor positions);

    /// <summary><see cref="At(Tensor, Tensor)"/> with the indices given as arrays.</summary>
    public Tensor At(long[] rows, long[] positions)
    {
        using var scope = NewDisposeScope();
        var slots = Slots(rows, positions);
        return At(slots.Rows, slots.Positions).MoveToOuterDisposeScope();
    }

    /// <summary>(B, V): the logits after every row's last slot (a left-padded prompt's last token).</summary>
    public Tensor Last()
    {
        using var scope = NewDisposeScope();
        var slots = LastSlots();
        return At(slots.Rows, slots.Positions).MoveToOuterDisposeScope();
    }

    /// <summary>(B, T, V): every slot at once. Only for inputs known to be small (tests, a probe of a short input).</summary>
    public Tensor All()
    {
        using var scope = NewDisposeScope();
        var slots = AllSlots();
        return At(slots.Rows, slots.Positions).view(Rows, Positions, -1).MoveToOuterDisposeScope(); // (B, T, V)
    }
}

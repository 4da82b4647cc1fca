using SvDecode.Eval.Decoding;
using static TorchSharp.torch;

namespace SvDecode.Eval.Steering;

/// <summary>
/// The base and adapted logits of one paired forward (B rows × T positions each), made only at the positions a caller
/// names, as <see cref="DeferredLogits"/> is for one model.
/// </summary>
public abstract class DeferredPairLogits(long rows, long positions, Device device, int chunkRows) : DeferredPositions(rows, positions, device, chunkRows)
{
    /// <summary>rows (N), positions (N) int64 on <see cref="DeferredPositions.Device"/> → float32 base and adapted logits (N, V) each.</summary>
    public abstract (Tensor Base, Tensor Adapted) At(Tensor rows, Tensor positions);

    /// <summary><see cref="At(Tensor, Tensor)"/> with the indices given as arrays.</summary>
    public (Tensor Base, Tensor Adapted) At(long[] rows, long[] positions)
    {
        using var scope = NewDisposeScope();
        var slots = Slots(rows, positions);
        return Out(At(slots.Rows, slots.Positions));
    }

    /// <summary>(B, V) each: after every row's last slot.</summary>
    public (Tensor Base, Tensor Adapted) Last()
    {
        using var scope = NewDisposeScope();
        var slots = LastSlots();
        return Out(At(slots.Rows, slots.Positions));
    }

    /// <summary>(B, T, V) each: every slot at once. Only for inputs known to be small (tests, a short probe).</summary>
    public (Tensor Base, Tensor Adapted) All()
    {
        using var scope = NewDisposeScope();
        var slots = AllSlots();
        var (b, a) = At(slots.Rows, slots.Positions);                                   // (B·T, V) each
        return Out((b.view(Rows, Positions, -1), a.view(Rows, Positions, -1)));
    }

    private static (Tensor Base, Tensor Adapted) Out((Tensor Base, Tensor Adapted) logits) =>
        (logits.Base.MoveToOuterDisposeScope(), logits.Adapted.MoveToOuterDisposeScope());
}

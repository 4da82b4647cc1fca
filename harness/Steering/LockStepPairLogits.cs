using SvDecode.Eval.Decoding;
using static TorchSharp.torch;

namespace SvDecode.Eval.Steering;

/// <summary>The two sides of a lock-step pair, each its own session's deferred logits; both are owned from now on.</summary>
public sealed class LockStepPairLogits(DeferredLogits baseLogits, DeferredLogits adaptedLogits)
    : DeferredPairLogits(adaptedLogits.Rows, adaptedLogits.Positions, adaptedLogits.Device, Math.Min(baseLogits.ChunkRows, adaptedLogits.ChunkRows))
{
    public override (Tensor Base, Tensor Adapted) At(Tensor rows, Tensor positions)
    {
        var b = baseLogits.At(rows, positions);
        try
        {
            return (b, adaptedLogits.At(rows, positions));
        }
        catch
        {
            b.Dispose();
            throw;
        }
    }

    protected override void Release()
    {
        baseLogits.Dispose();
        adaptedLogits.Dispose();
    }
}

using static TorchSharp.torch;

namespace SvDecode.Eval.Steering;

/// <summary>
/// The deferred logits of a batched pair: hidden states (2B, T, C), base rows first. The named slots of both halves go
/// through the head as one (2N, C) product, adapted rows second (so a row-split head, e.g. LoRA on lm_head, still
/// sees base rows first).
/// </summary>
public sealed class BatchedPairLogits : DeferredPairLogits
{
    private readonly Tensor _hidden;
    private readonly Func<Tensor, Tensor> _head;

    /// <param name="hidden">(2B, T, C), owned from now on.</param>
    /// <param name="head">(2N, C) with base rows first → (2N, V); called under no_grad.</param>
    /// <param name="chunkRows">Positions a caller should ask for at once (each side).</param>
    public BatchedPairLogits(Tensor hidden, Func<Tensor, Tensor> head, int chunkRows) : base(hidden.shape[0] / 2, hidden.shape[1], hidden.device, chunkRows)
    {
        _hidden = hidden.DetachFromDisposeScope();
        _head = head;
    }

    public override (Tensor Base, Tensor Adapted) At(Tensor rows, Tensor positions)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var both = _hidden.index([cat([rows, rows + Rows]), cat([positions, positions])]); // (2N, C)
        var logits = _head(both).to(ScalarType.Float32);                                   // (2N, V)
        var n = rows.shape[0];
        return (logits.narrow(0, 0, n).MoveToOuterDisposeScope(), logits.narrow(0, n, n).MoveToOuterDisposeScope());
    }

    protected override void Release() => _hidden.Dispose();
}

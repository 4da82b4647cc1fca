using static TorchSharp.torch;

namespace SvDecode.Eval.Decoding;

/// <summary>
/// <see cref="DeferredLogits"/> over hidden states (B, T, C) and an LM head: logits are the head applied to the named
/// slots' hidden states, cast to float32. The hidden states are taken out of the caller's dispose scope and freed with
/// this object.
/// </summary>
public sealed class HiddenStateLogits : DeferredLogits
{
    private readonly Tensor _hidden;
    private readonly Func<Tensor, Tensor> _head;

    /// <param name="hidden">(B, T, C), owned from now on.</param>
    /// <param name="head">(N, C) → (N, V) in any float dtype; called under no_grad.</param>
    /// <param name="chunkRows">Positions a caller should ask for at once.</param>
    public HiddenStateLogits(Tensor hidden, Func<Tensor, Tensor> head, int chunkRows) : base(hidden.shape[0], hidden.shape[1], hidden.device, chunkRows)
    {
        _hidden = hidden.DetachFromDisposeScope();
        _head = head;
    }

    public override Tensor At(Tensor rows, Tensor positions)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var picked = _hidden.index([rows, positions]);                    // (N, C)
        return _head(picked).to(ScalarType.Float32).MoveToOuterDisposeScope(); // (N, V)
    }

    protected override void Release() => _hidden.Dispose();
}

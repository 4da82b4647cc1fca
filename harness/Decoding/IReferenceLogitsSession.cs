using static TorchSharp.torch;

namespace SvDecode.Eval.Decoding;

/// <summary>
/// A session whose logits decorate another model's at the same positions (SVDecode's steered ẑ over the adapted
/// model): it can also hand over the undecorated logits it computed them from, so a scorer gets both from one forward
/// (the per-item logs' unsteered log-likelihoods of a steered cell) instead of running the other model again.
/// </summary>
public interface IReferenceLogitsSession : ILogitsSession
{
    /// <summary>Whether each output's reference logits are kept until <see cref="TakeReference"/>; off by default, so
    /// generation holds no second (…, V) tensor.</summary>
    bool KeepReference { get; set; }

    /// <summary>The reference logits (float32, the same rows and positions) of the last <see cref="ILogitsSession.Start"/>
    /// or <see cref="DeferredLogits.At(Tensor, Tensor)"/>, owned by the caller, who disposes it (it belongs to no
    /// dispose scope). Throws when none is kept.</summary>
    Tensor TakeReference();
}

using SvDecode.Eval.Decoding;
using static TorchSharp.torch;

namespace SvDecode.Eval.Steering;

/// <summary>
/// The base model P_θ and the adapted model P_φ fed the same tokens in lock-step (method.md §4): every call returns
/// both next-token logits for the same positions, each model keeping its own KV state. The simple implementation runs
/// two <see cref="ILogitsSession"/>s one after the other (<see cref="LockStepPairSession"/>); a faster one may run both
/// as rows of one batched forward. Returned tensors are owned by the caller.
/// </summary>
public interface IPairedLogitsSession : IDisposable
{
    int VocabSize { get; }

    /// <summary>The models' device: where callers make the ids and masks they feed.</summary>
    Device Device { get; }

    long BatchSize { get; }

    /// <summary>As <see cref="ILogitsSession.Start"/>: (B, V) base and adapted logits at each prompt's last token.</summary>
    (Tensor Base, Tensor Adapted) Start(IReadOnlyList<IReadOnlyList<int>> prompts);

    /// <summary>As <see cref="ILogitsSession.Prefill"/>: both models' logits after every position, made where asked.</summary>
    DeferredPairLogits Prefill(Tensor ids, Tensor mask);

    /// <summary>As <see cref="ILogitsSession.Advance"/>: (B, V) each.</summary>
    (Tensor Base, Tensor Adapted) Advance(Tensor tokens);

    /// <summary>As <see cref="ILogitsSession.Extend"/>: both models' logits after each fed token, made where asked.</summary>
    DeferredPairLogits Extend(Tensor tokens, Tensor mask);

    /// <summary>Keeps rows (B') of both models' state, in that order.</summary>
    void Reorder(Tensor rows);
}

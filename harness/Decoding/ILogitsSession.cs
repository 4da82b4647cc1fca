using static TorchSharp.torch;

namespace SvDecode.Eval.Decoding;

/// <summary>
/// Incremental next-token logits for a batch of rows, each with its own KV state. Decoding strategies (greedy,
/// sampling, beam search) and log-likelihood scoring only talk to this, so SVDecode can decorate it: run a base and an
/// adapted session in lock-step and return combined logits, without touching model code.
/// All returned tensors are float32 on the model's device and owned by the caller. A prefill or a teacher-forced
/// extension returns <see cref="DeferredLogits"/>: the caller names the positions it needs, in bounded chunks, so
/// the full (B, T, V) tensor never exists.
/// </summary>
public interface ILogitsSession : IDisposable
{
    int VocabSize { get; }

    /// <summary>The model's device: where callers make the ids and masks they feed.</summary>
    Device Device { get; }

    /// <summary>Rows currently in the session.</summary>
    long BatchSize { get; }

    /// <summary>Resets state and runs the prompts (left-padded together). Returns (B, V) logits at each prompt's last token.</summary>
    Tensor Start(IReadOnlyList<IReadOnlyList<int>> prompts);

    /// <summary>
    /// Resets state and runs an already padded batch: ids and mask (B, T), 0 in the mask at pads (either side).
    /// Returns the logits after every position (B × T, rows at pads unspecified), made where asked. Left padding
    /// allows decoding on.
    /// </summary>
    DeferredLogits Prefill(Tensor ids, Tensor mask);

    /// <summary>Feeds one token per row (B) int64; returns (B, V) logits for the next position.</summary>
    Tensor Advance(Tensor tokens);

    /// <summary>
    /// Teacher-forces T tokens per row: tokens (B, T) int64, mask (B, T) with 0 at right-padding. Returns the logits
    /// after each fed token (B × T), made where asked.
    /// </summary>
    DeferredLogits Extend(Tensor tokens, Tensor mask);

    /// <summary>Keeps rows <paramref name="rows"/> (B') int64 of the current batch, in that order (beams, fan-out).</summary>
    void Reorder(Tensor rows);
}

using SvDecode.Eval.Models;
using static TorchSharp.torch;

namespace SvDecode.Eval.Decoding;

/// <summary>
/// The incremental state of a batch of rows: the KV cache and, per row, how many positions it has attended so far
/// (virtual slots and any position offset included), from which the next tokens' positions follow. Shared by the model
/// session and the batched steering pair, which differ only in what they feed.
/// </summary>
public sealed class DecodingState : IDisposable
{
    private KvCache? _cache;
    private Tensor? _seen; // (R, 1) int64

    public long Rows => _seen?.shape[0] ?? 0;

    /// <summary>Starts over with a fresh cache; <paramref name="seen"/> (R, 1) int64 is kept beyond the caller's scope.</summary>
    public void Begin(KvCache cache, Tensor seen)
    {
        Reset();
        _cache = cache;
        _seen = seen.DetachFromDisposeScope();
    }

    /// <summary>
    /// embeds (R, T, C), mask (R, T) → final hidden states (R, T, C) in the model's dtype; advances the cache and the
    /// per-row counts. The LM head is the caller's: it projects only the positions it needs. A long batch runs as
    /// consecutive slices of positions through the cache (<see cref="ForwardChunks"/>), which computes the same
    /// thing: a slice's queries see the cached slots before it exactly as they would in one pass.
    /// </summary>
    public Tensor Forward(CausalLanguageModel model, Tensor embeds, Tensor mask)
    {
        var cache = _cache ?? throw new InvalidOperationException("Call Start or Prefill first.");
        // Inference mode: no version counters or view tracking on the ~50 ops per layer, a fixed cost per op that
        // matters at decode batch sizes. The cache and hidden states it creates are never used with autograd.
        using var inference = inference_mode(true);
        var (rows, length) = (embeds.shape[0], embeds.shape[1]);
        var step = ForwardChunks.Positions(model.Config, model.WeightBytes, embeds.ElementSize, rows);
        if (length <= step)
        {
            return Slice(model, cache, embeds, mask);                            // (R, T, C)
        }
        var parts = new List<Tensor>();
        for (long start = 0; start < length; start += step)
        {
            using var scope = NewDisposeScope();
            var n = Math.Min(step, length - start);
            parts.Add(Slice(model, cache, embeds.narrow(1, start, n), mask.narrow(1, start, n)).MoveToOuterDisposeScope()); // (R, n, C)
        }
        return cat(parts, 1);                                                    // (R, T, C)
    }

    private Tensor Slice(CausalLanguageModel model, KvCache cache, Tensor embeds, Tensor mask)
    {
        var positions = AttentionMask.Positions(mask, _seen);                    // (R, n)
        var hidden = model.ForwardHidden(embeds, mask, positions, cache);        // (R, n, C)
        ReplaceSeen(_seen! + mask.to(ScalarType.Int64).sum(1, keepdim: true));
        return hidden;
    }

    /// <summary>Keeps rows <paramref name="rows"/> (R') int64, in that order.</summary>
    public void Reorder(Tensor rows)
    {
        var cache = _cache ?? throw new InvalidOperationException("Call Start or Prefill before Reorder.");
        using var scope = NewDisposeScope();
        cache.Reorder(rows);
        ReplaceSeen(_seen!.index_select(0, rows));
    }

    private void ReplaceSeen(Tensor seen)
    {
        var old = _seen;
        _seen = seen.DetachFromDisposeScope();
        old?.Dispose();
    }

    public void Reset()
    {
        _cache?.Dispose();
        _cache = null;
        _seen?.Dispose();
        _seen = null;
    }

    public void Dispose() => Reset();
}

using SvDecode.Eval.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace SvDecode.Eval.Decoding;

/// <summary>
/// A <see cref="ILogitsSession"/> over one <see cref="CausalLanguageModel"/> and its KV cache. Positions are
/// cumsum(mask) − 1 per row (pads skipped), continued across calls, so left-padded rows reproduce unpadded ones.
/// Hooks for PEFT virtual tokens: <paramref name="cacheFactory"/> may return a cache pre-filled with prefix key/values
/// (rows given), and <paramref name="positionOffset"/> shifts real tokens' positions (HF prefix convention: n_virtual).
/// </summary>
public sealed class ModelLogitsSession(
    CausalLanguageModel model,
    Func<long, KvCache>? cacheFactory = null,
    long positionOffset = 0) : ILogitsSession
{
    private KvCache? _cache;
    private Tensor? _seen; // (B, 1) int64: attended real tokens per row so far

    public int VocabSize => model.Config.VocabSize;

    public long BatchSize => _seen?.shape[0] ?? 0;

    public CausalLanguageModel Model => model;

    public Tensor Start(IReadOnlyList<IReadOnlyList<int>> prompts)
    {
        Reset();
        _cache = cacheFactory?.Invoke(prompts.Count) ?? model.NewCache();
        var device = model.parameters().First().device;
        using var scope = NewDisposeScope();
        _seen = full(prompts.Count, 1, positionOffset, dtype: ScalarType.Int64, device: device).DetachFromDisposeScope();
        var (ids, mask) = PromptBatch.LeftPadded(prompts, device);
        var logits = Extend(ids, mask);                     // (B, T, V)
        return logits.select(1, -1).MoveToOuterDisposeScope(); // (B, V)
    }

    public Tensor Advance(Tensor tokens)
    {
        using var scope = NewDisposeScope();
        var ids = tokens.to(ScalarType.Int64).view(-1, 1);  // (B, 1)
        var logits = Extend(ids, ones_like(ids));           // (B, 1, V)
        return logits.select(1, 0).MoveToOuterDisposeScope();
    }

    public Tensor Extend(Tensor tokens, Tensor mask)
    {
        var cache = _cache ?? throw new InvalidOperationException("Call Start before Extend/Advance.");
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var positions = AttentionMask.Positions(mask, _seen);                     // (B, T)
        var logits = model.Forward(tokens, mask, positions, cache);               // (B, T, V)
        var seen = _seen! + mask.to(ScalarType.Int64).sum(1, keepdim: true);
        ReplaceSeen(seen);
        return logits.to(ScalarType.Float32).MoveToOuterDisposeScope();
    }

    public void Reorder(Tensor rows)
    {
        var cache = _cache ?? throw new InvalidOperationException("Call Start before Reorder.");
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

    private void Reset()
    {
        _cache?.Dispose();
        _cache = null;
        _seen?.Dispose();
        _seen = null;
    }

    public void Dispose() => Reset();
}

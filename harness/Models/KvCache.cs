using static TorchSharp.torch;

namespace SvDecode.Eval.Models;

/// <summary>
/// Per-layer keys and values of every position seen so far, plus which slots may be attended.
/// Keys are stored after RoPE, before GQA expansion: (B, n_kv, S, hs). Slots are shared by all rows (left padding
/// keeps them aligned), so causality is "slot j ≤ slot of the query". Prefix-tuning key/values are injected as the
/// first slots (no RoPE; every row attends them) with <see cref="WithPrefix"/>.
/// The cache owns its tensors: they live outside any dispose scope and are freed on replacement or Dispose.
/// Without autograd (every decode and scoring pass) each layer's keys and values live in a buffer with room for a few
/// more slots, written in place: a decode step then copies its one new slot instead of the whole cache (ATen's copy
/// kernel was 6–8 % of a batch-8 decode step when the cache grew by concatenation). The buffer grows by a quarter
/// (16 to 256 slots) when full, so one step in many copies the cache; the first fill is an exact copy, so a prefill
/// that is never extended holds no spare slots and no view of a larger tensor. With autograd (prefix tuning's training
/// forward) appends concatenate as before.
/// </summary>
public sealed class KvCache : IDisposable
{
    private readonly Tensor?[] _keys;
    private readonly Tensor?[] _values;
    private readonly long[] _filled; // slots of each layer's buffers holding keys/values
    private Tensor? _keyMask; // (B, S) bool: slot attended

    public KvCache(int numLayers)
    {
        _keys = new Tensor?[numLayers];
        _values = new Tensor?[numLayers];
        _filled = new long[numLayers];
    }

    /// <summary>Slots filled so far (prefix + tokens).</summary>
    public long Length => _keyMask?.shape[1] ?? 0;

    public Tensor? KeyMask => _keyMask;

    public int NumLayers => _keys.Length;

    /// <summary>
    /// A cache whose first slots hold per-layer prefix keys/values, each (B, n_kv, P, hs), attended by every row.
    /// The tensors are copied, so the caller keeps ownership of its own.
    /// </summary>
    public static KvCache WithPrefix(IReadOnlyList<Tensor> keys, IReadOnlyList<Tensor> values)
    {
        if (keys.Count != values.Count || keys.Count == 0)
        {
            throw new ArgumentException("Prefix keys and values need one tensor per layer each.");
        }
        var cache = new KvCache(keys.Count);
        for (var i = 0; i < keys.Count; i++)
        {
            Replace(ref cache._keys[i], keys[i].detach().clone());
            Replace(ref cache._values[i], values[i].detach().clone());
            cache._filled[i] = keys[i].shape[2];
        }
        Replace(ref cache._keyMask, ones(keys[0].shape[0], keys[0].shape[2], dtype: ScalarType.Bool, device: keys[0].device));
        return cache;
    }

    /// <summary>Appends this step's slot mask (B, T); call once per forward, before the layers run.</summary>
    public Tensor AppendMask(Tensor newMask)
    {
        var mask = newMask.to(ScalarType.Bool);
        var combined = _keyMask is null ? mask.clone() : cat([_keyMask, mask], 1); // (B, S)
        Replace(ref _keyMask, combined);
        return _keyMask!;
    }

    /// <summary>Appends a layer's new keys/values (B, n_kv, T, hs) and returns all of them (B, n_kv, S, hs): views of the
    /// cache's buffers, valid until the next append or reorder.</summary>
    public (Tensor Keys, Tensor Values) Append(int layer, Tensor keys, Tensor values)
    {
        var filled = _filled[layer] + keys.shape[2];
        if (is_grad_enabled())
        {
            Replace(ref _keys[layer], _keys[layer] is { } pastK ? cat([pastK.narrow(2, 0, _filled[layer]), keys], 2) : keys.alias());
            Replace(ref _values[layer], _values[layer] is { } pastV ? cat([pastV.narrow(2, 0, _filled[layer]), values], 2) : values.alias());
        }
        else
        {
            Write(ref _keys[layer], _filled[layer], keys);
            Write(ref _values[layer], _filled[layer], values);
        }
        _filled[layer] = filled;
        return (_keys[layer]!.narrow(2, 0, filled), _values[layer]!.narrow(2, 0, filled));
    }

    /// <summary>Slots a full buffer grows by when <paramref name="needed"/> slots must fit: a quarter, 16 to 256.</summary>
    public static long Headroom(long needed) => Math.Clamp(needed / 4, 16, 256);

    /// <summary>Writes <paramref name="added"/> (B, n, T, hs) after the first <paramref name="filled"/> slots of a buffer,
    /// moving to a larger buffer first when it has no room (the first fill is exact).</summary>
    private static void Write(ref Tensor? buffer, long filled, Tensor added)
    {
        var needed = filled + added.shape[2];
        if (buffer is null)
        {
            // The first fill: exactly full, and always a tensor of the cache's own. What is appended may be a view of
            // a larger tensor (GPT-2's keys and values are slices of c_attn's product, and so are a Llama's values when
            // a float32 prefill of 8–48 rows runs the fused q/k/v product): kept as is, it would keep that whole
            // product alive as long as the cache lives, unseen by the KV count (with Qwen2's grouped-query attention
            // the fused product is 9× the values' bytes).
            Replace(ref buffer, added.is_contiguous() ? added.clone() : added.contiguous());
            return;
        }
        if (buffer.shape[2] < needed)
        {
            var capacity = needed + Headroom(needed);
            var grown = empty([added.shape[0], added.shape[1], capacity, added.shape[3]], added.dtype, added.device); // (B, n, cap, hs)
            grown.narrow(2, 0, filled).copy_(buffer.narrow(2, 0, filled));
            Replace(ref buffer, grown);
        }
        buffer!.narrow(2, filled, added.shape[2]).copy_(added);
    }

    /// <summary>Selects rows (beam reordering, expanding one context to many continuations): (B') indices into B.</summary>
    public void Reorder(Tensor rows)
    {
        for (var i = 0; i < _keys.Length; i++)
        {
            if (_keys[i] is { } k)
            {
                Replace(ref _keys[i], k.index_select(0, rows));
            }
            if (_values[i] is { } v)
            {
                Replace(ref _values[i], v.index_select(0, rows));
            }
        }
        if (_keyMask is { } mask)
        {
            Replace(ref _keyMask, mask.index_select(0, rows));
        }
    }

    private static void Replace(ref Tensor? slot, Tensor value)
    {
        var old = slot;
        slot = value.DetachFromDisposeScope();
        if (ReferenceEquals(old, slot))
        {
            return;
        }
        KvCacheBytes.Add(Bytes(slot));
        Free(ref old);
    }

    private static void Free(ref Tensor? slot)
    {
        if (slot is not null)
        {
            KvCacheBytes.Add(-Bytes(slot));
            slot.Dispose();
            slot = null;
        }
    }

    private static long Bytes(Tensor t) => t.numel() * t.element_size();

    public void Dispose()
    {
        for (var i = 0; i < _keys.Length; i++)
        {
            Free(ref _keys[i]);
            Free(ref _values[i]);
        }
        Free(ref _keyMask);
    }
}

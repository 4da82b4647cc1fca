using static TorchSharp.torch;

namespace SvDecode.Eval.Models;

/// <summary>
/// Per-layer keys and values of every position seen so far, plus which slots may be attended.
/// Keys are stored after RoPE, before GQA expansion: (B, n_kv, S, hs). Slots are shared by all rows (left padding
/// keeps them aligned), so causality is "slot j ≤ slot of the query". Prefix-tuning key/values are injected as the
/// first slots (no RoPE; every row attends them) with <see cref="WithPrefix"/>.
/// The cache owns its tensors: they live outside any dispose scope and are freed on replacement or Dispose.
/// </summary>
public sealed class KvCache : IDisposable
{
    private readonly Tensor?[] _keys;
    private readonly Tensor?[] _values;
    private Tensor? _keyMask; // (B, S) bool: slot attended

    public KvCache(int numLayers)
    {
        _keys = new Tensor?[numLayers];
        _values = new Tensor?[numLayers];
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

    /// <summary>Appends a layer's new keys/values (B, n_kv, T, hs) and returns all of them (B, n_kv, S, hs).</summary>
    public (Tensor Keys, Tensor Values) Append(int layer, Tensor keys, Tensor values)
    {
        var k = _keys[layer] is { } pastK ? cat([pastK, keys], 2) : keys.alias();
        var v = _values[layer] is { } pastV ? cat([pastV, values], 2) : values.alias();
        Replace(ref _keys[layer], k);
        Replace(ref _values[layer], v);
        return (_keys[layer]!, _values[layer]!);
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

using SvDecode.Eval.Models;
using SvDecode.Eval.Tests.Support;
using Xunit;
using static TorchSharp.torch;

namespace SvDecode.Eval.Tests.Models;

/// <summary>
/// The KV-cache byte count the engine records per stage: exact for appends, reorders and disposal, with the moment an
/// append holds the old and the new cache together in the peak. Alone in its collection: the count is process-wide.
/// </summary>
[Collection(ProcessMemoryCollection.Name)]
public sealed class KvCacheBytesTests
{
    // (B, n_kv, T, hs) = (2, 2, 3, 4) float32 per layer and tensor: 192 bytes; the slot mask (2, 3) bool: 6 bytes.
    private const long Step = 2 * 2 * 3 * 4 * 4;

    [Fact]
    public void AppendsReordersAndDisposalAreCountedExactly()
    {
        var baseline = KvCacheBytes.Live;
        KvCacheBytes.ResetPeak();
        using var noGrad = no_grad(); // decoding and scoring: buffers written in place
        using (var cache = new KvCache(numLayers: 2))
        {
            Append(cache);
            // The first fill is exact: 2 layers × keys and values × 3 slots, and the mask of 3 slots.
            Assert.Equal(baseline + 2 * 2 * Step + 6, KvCacheBytes.Live);

            Append(cache);
            // 6 slots needed: each buffer grows to 6 + 16 (the least headroom) = 22 slots.
            const long grown = 2 * 2 * 22 * SlotBytes;
            Assert.Equal(baseline + grown + 12, KvCacheBytes.Live);
            // The last layer's values moved last, holding their 3 old slots beside the 22 new ones.
            Assert.Equal(baseline + grown + 12 + Step, KvCacheBytes.Peak);

            Append(cache);
            // 9 slots fit in the 22 already there: written in place, nothing grows.
            Assert.Equal(baseline + grown + 18, KvCacheBytes.Live);

            using var rows = tensor(new long[] { 1 });
            cache.Reorder(rows);                                              // one row of two, buffers kept whole
            Assert.Equal(baseline + (grown + 18) / 2, KvCacheBytes.Live);
        }
        Assert.Equal(baseline, KvCacheBytes.Live);
    }

    [Fact]
    public void AppendsReturnEverySlotSoFarInOrderWithAndWithoutAutograd()
    {
        foreach (var grad in new[] { false, true })
        {
            using var mode = grad ? enable_grad() : no_grad();
            using var cache = new KvCache(numLayers: 1);
            var written = new List<Tensor>();
            for (var step = 0; step < 25; step++)                            // past the first growth (3 → 22 slots)
            {
                using var mask = ones(2, step == 0 ? 3 : 1, dtype: ScalarType.Bool);
                cache.AppendMask(mask);
                var keys = randn(2, 2, step == 0 ? 3 : 1, 4);
                written.Add(keys);
                var (k, v) = cache.Append(0, keys, -keys);
                using var expected = cat(written, 2);
                Assert.True(k.eq(expected).all().item<bool>(), $"grad={grad}, step {step}: keys");
                Assert.True(v.eq(-expected).all().item<bool>(), $"grad={grad}, step {step}: values");
            }
            written.ForEach(t => t.Dispose());
        }
    }

    /// <summary>
    /// Values can reach the cache as slices of a fused product (B, T, Σout) (GPT-2's c_attn, fused q/k/v): a prefill's
    /// (transposed, not contiguous) and a one-token batch-1 forward's (contiguous, but not at the product's start). Kept as views, they would keep
    /// the whole product alive with the cache while the KV count saw only their own bytes; the cache copies them.
    /// </summary>
    [Theory]
    [InlineData(2, 3)]  // (B, n_kv, T, hs) = (2, 2, 3, 4): a transposed view
    [InlineData(1, 1)]  // (1, 2, 1, 4): contiguous, at an offset into the product
    public void TheFirstFillHoldsACopyNotAViewOfTheProduct(int batch, int tokens)
    {
        using var noGrad = no_grad();
        using var cache = new KvCache(numLayers: 1);
        using var mask = ones(batch, tokens, dtype: ScalarType.Bool);
        cache.AppendMask(mask);
        using var product = randn(batch, tokens, 3 * 2 * 4);                                         // q, k, v: 8 each
        var values = tokens == 1
            ? product.narrow(2, 16, 8).view(batch, 2, 1, 4)
            : product.narrow(2, 16, 8).view(batch, tokens, 2, 4).transpose(1, 2);                   // (B, n_kv, T, hs)
        using var expected = values.clone();
        var (_, cached) = cache.Append(0, randn(batch, 2, tokens, 4), values);

        product.zero_();                                                                             // the product changes (or is freed)
        Assert.True(cached.eq(expected).all().item<bool>(), "the cached values changed with the product they were sliced from");
        Assert.Equal(0, cached.storage_offset());
    }

    private const long SlotBytes = 2 * 2 * 4 * 4; // one slot: B 2 × n_kv 2 × hs 4 float32

    private static void Append(KvCache cache)
    {
        using var mask = ones(2, 3, dtype: ScalarType.Bool);
        cache.AppendMask(mask);
        for (var layer = 0; layer < 2; layer++)
        {
            using var keys = randn(2, 2, 3, 4);
            using var values = randn(2, 2, 3, 4);
            cache.Append(layer, keys, values);
        }
    }

    [Fact]
    public void APrefixCacheCountsItsCopiesAndResettingThePeakStartsFromWhatIsLive()
    {
        var baseline = KvCacheBytes.Live;
        using var keys = randn(2, 2, 3, 4);
        using var values = randn(2, 2, 3, 4);
        using (var cache = KvCache.WithPrefix([keys], [values]))
        {
            Assert.Equal(baseline + 2 * Step + 6, KvCacheBytes.Live);
            KvCacheBytes.ResetPeak();
            Assert.Equal(KvCacheBytes.Live, KvCacheBytes.Peak);
        }
        Assert.Equal(baseline, KvCacheBytes.Live);
    }
}

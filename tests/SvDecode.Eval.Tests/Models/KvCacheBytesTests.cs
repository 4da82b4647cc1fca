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
        using (var cache = new KvCache(numLayers: 2))
        {
            for (var step = 1; step <= 2; step++)
            {
                using var mask = ones(2, 3, dtype: ScalarType.Bool);
                cache.AppendMask(mask);
                for (var layer = 0; layer < 2; layer++)
                {
                    using var keys = randn(2, 2, 3, 4);
                    using var values = randn(2, 2, 3, 4);
                    cache.Append(layer, keys, values);
                }
                // 2 layers × keys and values × step positions' worth, and the mask of step × 3 slots.
                Assert.Equal(baseline + 2 * 2 * step * Step + 2 * 3 * step, KvCacheBytes.Live);
            }
            // The second append of the last layer's values held 3 + 6 positions at once: one Step more than the end state.
            Assert.Equal(baseline + 2 * 2 * 2 * Step + 12 + Step, KvCacheBytes.Peak);

            using var rows = tensor(new long[] { 1 });
            cache.Reorder(rows);                                              // one row of two
            Assert.Equal(baseline + (2 * 2 * 2 * Step + 12) / 2, KvCacheBytes.Live);
        }
        Assert.Equal(baseline, KvCacheBytes.Live);
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

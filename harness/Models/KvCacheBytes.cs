namespace SvDecode.Eval.Models;

/// <summary>
/// Bytes held by every live <see cref="KvCache"/> of the process and their high-water mark since the last
/// <see cref="ResetPeak"/>. A stage's peak memory is judged against the weights plus the KV caches of the batch it
/// processed (issue 16's target), so the engine reads this figure beside the resident peak. A replaced tensor is
/// counted until it is freed, as the memory is: during an append the old and the new cache exist together.
/// </summary>
public static class KvCacheBytes
{
    private static long _live;
    private static long _peak;

    public static long Live => Interlocked.Read(ref _live);

    public static long Peak => Interlocked.Read(ref _peak);

    /// <summary>Starts a new high-water mark at what is live now.</summary>
    public static void ResetPeak() => Interlocked.Exchange(ref _peak, Live);

    internal static void Add(long bytes)
    {
        var live = Interlocked.Add(ref _live, bytes);
        for (var peak = Peak; live > peak; peak = Peak)
        {
            if (Interlocked.CompareExchange(ref _peak, live, peak) == peak)
            {
                break;
            }
        }
    }
}

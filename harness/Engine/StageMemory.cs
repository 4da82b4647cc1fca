using SvDecode.Eval.Models;
using SvDecode.Eval.Platform;

namespace SvDecode.Eval.Engine;

/// <summary>
/// The peak resident memory of one stage: free heap pages are handed back and the kernel's high-water mark reset when
/// the stage starts, so the peak read at its end is the stage's own (stages of a run execute one at a time). Where the
/// reset is refused or /proc is missing there is no figure.
/// </summary>
public sealed class StageMemory
{
    private readonly PeakWindow? _window;

    private StageMemory(PeakWindow? window) => _window = window;

    public static StageMemory Begin()
    {
        if (!ResidentMemory.IsAvailable)
        {
            return new StageMemory(null);
        }
        CollectEarlierGarbage();
        ResidentMemory.TryReleaseFreeMemory(); // or the stage reuses pages an earlier one freed and its peak reads low
        KvCacheBytes.ResetPeak();
        return new StageMemory(PeakWindow.Open());
    }
    /// <summary>
    /// Garbage of the stages before (tokenized items, logit copies) is collected and its pages handed back, so it
    /// neither counts against this stage nor keeps the footprint up while this stage allocates its own: on the
    /// Qwen2.5-0.5B bf16 folder it lowers stage peaks by 0.02–0.11 of the weights. A full collection costs tens of
    /// milliseconds, so it runs at most once per <see cref="CollectionInterval"/> of work: every stage of a real run,
    /// rarely in a test suite of millisecond stages.
    /// </summary>
    private static void CollectEarlierGarbage()
    {
        lock (SinceCollection)
        {
            if (SinceCollection.IsRunning && SinceCollection.Elapsed < CollectionInterval)
            {
                return;
            }
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            SinceCollection.Restart();
        }
    }

    private static readonly TimeSpan CollectionInterval = TimeSpan.FromSeconds(2);
    private static readonly System.Diagnostics.Stopwatch SinceCollection = new();

    /// <summary>VmRSS when the stage started, in bytes; null when not measurable. Peak − start is the stage's own
    /// growth, which does not move with whatever the process held before it (garbage not yet collected, caches).</summary>
    public long? StartBytes() => _window?.StartBytes;

    /// <summary>VmHWM since <see cref="Begin"/>, in bytes; null when not measurable, or when something else in the
    /// process (another run hosted beside this one) reset the high-water mark meanwhile.</summary>
    public long? PeakBytes() => _window?.PeakBytes();

    /// <summary>The KV caches' high-water mark since <see cref="Begin"/>, in bytes; null when the peak is not measurable.</summary>
    public long? PeakKvCacheBytes() => _window?.HasPeakToItself == true ? KvCacheBytes.Peak : null;
}

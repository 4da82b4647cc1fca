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
    private readonly bool _measurable;
    private readonly long _startBytes;

    private StageMemory(bool measurable, long startBytes)
    {
        _measurable = measurable;
        _startBytes = startBytes;
    }

    public static StageMemory Begin()
    {
        if (!ResidentMemory.IsAvailable)
        {
            return new StageMemory(false, 0);
        }
        ResidentMemory.TryReleaseFreeMemory(); // or the stage reuses pages an earlier one freed and its peak reads low
        KvCacheBytes.ResetPeak();
        var measurable = ResidentMemory.TryResetPeak();
        return new StageMemory(measurable, ResidentMemory.CurrentBytes);
    }

    /// <summary>VmRSS when the stage started, in bytes; null when not measurable. Peak − start is the stage's own
    /// growth, which does not move with whatever the process held before it (garbage not yet collected, caches).</summary>
    public long? StartBytes() => _measurable ? _startBytes : null;

    /// <summary>VmHWM since <see cref="Begin"/>, in bytes; null when not measurable.</summary>
    public long? PeakBytes() => _measurable ? ResidentMemory.PeakBytes : null;

    /// <summary>The KV caches' high-water mark since <see cref="Begin"/>, in bytes; null when the peak is not measurable.</summary>
    public long? PeakKvCacheBytes() => _measurable ? KvCacheBytes.Peak : null;
}

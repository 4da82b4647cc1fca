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

    private StageMemory(bool measurable) => _measurable = measurable;

    public static StageMemory Begin()
    {
        if (!ResidentMemory.IsAvailable)
        {
            return new StageMemory(false);
        }
        ResidentMemory.TryReleaseFreeMemory(); // or the stage reuses pages an earlier one freed and its peak reads low
        KvCacheBytes.ResetPeak();
        return new StageMemory(ResidentMemory.TryResetPeak());
    }

    /// <summary>VmHWM since <see cref="Begin"/>, in bytes; null when not measurable.</summary>
    public long? PeakBytes() => _measurable ? ResidentMemory.PeakBytes : null;

    /// <summary>The KV caches' high-water mark since <see cref="Begin"/>, in bytes; null when the peak is not measurable.</summary>
    public long? PeakKvCacheBytes() => _measurable ? KvCacheBytes.Peak : null;
}

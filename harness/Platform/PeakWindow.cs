namespace SvDecode.Eval.Platform;

/// <summary>
/// One measurement's own peak: VmHWM reset when the window opens, read when asked. VmHWM is process-wide, so a host
/// that measures two things at once (two pipelines in one process, a test suite) would have one reset move the other's
/// figure, down to a peak below its start; a window that sees another reset reports no peak rather than a wrong one.
/// </summary>
public sealed class PeakWindow
{
    private readonly long _resetsAtOpen;

    private PeakWindow(long resetsAtOpen, long startBytes)
    {
        _resetsAtOpen = resetsAtOpen;
        StartBytes = startBytes;
    }

    /// <summary>Resets the high-water mark; null where that is not possible (no /proc, or the kernel refused).</summary>
    public static PeakWindow? Open()
    {
        if (!ResidentMemory.IsAvailable || !ResidentMemory.TryResetPeak(out var resetNumber))
        {
            return null;
        }
        return new PeakWindow(resetNumber, ResidentMemory.CurrentBytes);
    }

    /// <summary>VmRSS right after the reset, in bytes.</summary>
    public long StartBytes { get; }

    /// <summary>False once anything else in the process has reset the high-water mark since this window opened.</summary>
    public bool HasPeakToItself => ResidentMemory.ResetCount == _resetsAtOpen;

    /// <summary>VmHWM since the window opened, in bytes; null if another reset has overlapped it.</summary>
    public long? PeakBytes()
    {
        var peak = ResidentMemory.PeakBytes;
        return HasPeakToItself ? peak : null; // read first, then check: a reset in between is caught
    }
}

using System.Runtime.InteropServices;

namespace SvDecode.Eval.Platform;

/// <summary>
/// glibc's heap settings for a process that frees tens of megabytes many times a second. LibTorch allocates every
/// tensor with malloc; glibc serves blocks above its mmap threshold with mmap and returns them on free, but it raises
/// that threshold (up to 32 MiB) each time such a block is freed, after which the logit chunks of steering and scoring
/// (16 MiB each) come from the heap, fragment it, and resident memory creeps up with the number of items (seen: +120
/// MiB from 8 to 64 calibration items on a 152K vocabulary). Fixing the threshold at 1 MiB keeps those chunks
/// on mmap, so freed memory leaves the process at once; smaller blocks stay on the fast heap path.
/// </summary>
public static class NativeHeap
{
    private const int MmapThreshold = -3; // M_MMAP_THRESHOLD in glibc's malloc.h
    private const int ThresholdBytes = 1 << 20;
    private static readonly Lazy<bool> Configured = new(SetThreshold);

    /// <summary>Sets the threshold once per process (later calls do nothing); false where there is no glibc or it refused.</summary>
    public static bool Configure() => Configured.Value;

    private static bool SetThreshold()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }
        try
        {
            return Mallopt(MmapThreshold, ThresholdBytes) == 1;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return false; // musl and other C libraries: nothing to set
        }
    }

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int Mallopt(int parameter, int value);
}

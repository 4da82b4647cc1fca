using System.Runtime.InteropServices;

namespace SvDecode.Eval.Platform;

/// <summary>
/// glibc's heap settings for a process that allocates and frees tensors of megabytes many times a second (LibTorch
/// allocates every tensor with malloc), and the batch boundaries at which freed memory goes back to the kernel.
/// <para>Two costs pull apart. A block served by mmap is returned on free and faulted in again, page by page, on the
/// next allocation, and on two threads each unmap also interrupts the other core: with the threshold at 1 MiB, 75 % of
/// a 1024³ matmul loop's time went to the kernel, and prefill ran 3–4× slower than with the blocks on the heap (AMD
/// EPYC, 2 cores). A heap, on the other hand, fragments when blocks of varying size come and go (logit chunks of
/// answers of different lengths), and resident memory then creeps up with the number of items (seen: +70 MiB from 8
/// to 64 calibration items on a 152K vocabulary).</para>
/// <para>So tensors below <see cref="MmapThresholdBytes"/> (every activation of a scoring batch of the models this tool
/// runs) come from the heap and reuse its pages without faults; at the end of each batch of items (scoring,
/// calibration, generation) and of each training step <see cref="ReleaseFreePages"/> hands the free pages back, and
/// at the end of each chunk of full-vocabulary logits <see cref="ReleaseFreePagesPastSlack"/> does once resident memory
/// has grown by more than <see cref="SlackBytes"/>: faults are paid once per boundary, not once per tensor, and
/// fragmentation cannot accumulate across batches. On the Qwen2.5-0.5B bfloat16 folder this costs about 0.1 of the
/// weights in the steering stages' peaks against the 1 MiB threshold, and makes steered scoring about twice as fast
/// (AMD EPYC, 2 cores; docs/performance.md).</para>
/// <para><c>SVDECODE_HEAP=compact</c> chooses memory over speed: the 1 MiB threshold, every larger tensor returned on
/// free, nothing done at boundaries.</para>
/// </summary>
public static class NativeHeap
{
    /// <summary>Blocks this large or larger are mmapped and unmapped on free (glibc's own ceiling for it, fixed).</summary>
    public const int MmapThresholdBytes = 32 << 20;

    /// <summary><c>SVDECODE_HEAP=compact</c>: memory over speed (see the type's remarks).</summary>
    public const string ModeVariable = "SVDECODE_HEAP";

    private const int CompactThresholdBytes = 1 << 20;

    private static readonly bool Compact = string.Equals(Environment.GetEnvironmentVariable(ModeVariable), "compact", StringComparison.OrdinalIgnoreCase);

    // The free space at the heap's top that is kept rather than trimmed after each free: above one large block, so
    // the top is not given back and faulted in again for every tensor of a forward.
    private const int TrimThresholdBytes = 2 * MmapThresholdBytes;

    private const int TrimThreshold = -1; // M_TRIM_THRESHOLD in glibc's malloc.h
    private const int MmapThreshold = -3; // M_MMAP_THRESHOLD
    private static readonly Lazy<bool> Configured = new(SetThresholds);

    /// <summary>Sets the thresholds once per process (later calls do nothing); false where there is no glibc or it refused.</summary>
    public static bool Configure() => Configured.Value;

    /// <summary>How far resident memory may grow after a release before the next chunk boundary releases again.</summary>
    public const long SlackBytes = 32L << 20;

    // Resident bytes right after the last release; a chunk boundary within SlackBytes of it releases nothing.
    private static long _residentAfterRelease;

    /// <summary>
    /// At the end of a batch of items (scoring, generation, calibration) or of a training step: the heap's free pages
    /// go back to the kernel (malloc_trim), so no batch inherits the holes of the one before and a stage's peak does
    /// not grow with its number of batches. A no-op where there is no glibc.
    /// </summary>
    public static void ReleaseFreePages()
    {
        if (!Compact && ResidentMemory.TryReleaseFreeMemory())
        {
            Volatile.Write(ref _residentAfterRelease, ResidentMemory.CurrentBytes);
        }
    }

    /// <summary>
    /// At the end of a chunk of full-vocabulary logits, which comes many times per batch: releases like
    /// <see cref="ReleaseFreePages"/> only once resident memory has grown by more than <see cref="SlackBytes"/> since the
    /// last release, so the holes a batch's chunks leave stay under the slack, and a chunk that finds the heap as it was
    /// costs one read of /proc/self/status instead of faulting the next chunk's pages in again.
    /// </summary>
    public static void ReleaseFreePagesPastSlack()
    {
        if (Compact)
        {
            return; // nothing large stays on the heap to release
        }
        var resident = ResidentMemory.CurrentBytes;
        var baseline = Volatile.Read(ref _residentAfterRelease);
        if (resident < baseline)
        {
            Volatile.Write(ref _residentAfterRelease, resident); // memory went back by itself (mmapped blocks, a freed model)
        }
        if (resident != 0 && resident - baseline >= SlackBytes)
        {
            ReleaseFreePages();
        }
    }

    private static bool SetThresholds()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }
        try
        {
            return Compact
                ? Mallopt(MmapThreshold, CompactThresholdBytes) == 1
                : Mallopt(MmapThreshold, MmapThresholdBytes) == 1 & Mallopt(TrimThreshold, TrimThresholdBytes) == 1;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return false; // musl and other C libraries: nothing to set
        }
    }

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int Mallopt(int parameter, int value);
}

using System.Globalization;

namespace SvDecode.Eval.Platform;

/// <summary>
/// This process's resident memory from /proc/self/status (Linux). The high-water mark VmHWM is reset between
/// measurements by writing "5" to /proc/self/clear_refs, so each figure is that measurement's own peak, taken in the
/// same process. Where that is not possible (not Linux, or the reset is refused) <see cref="CanResetPeak"/> is false and
/// peaks are cumulative, which the report says.
/// </summary>
public static class ResidentMemory
{
    private const string StatusPath = "/proc/self/status";

    public static bool IsAvailable => File.Exists(StatusPath);

    private static long s_resets;

    /// <summary>How many times this process has reset VmHWM: a measurement that sees it move did not have the
    /// high-water mark to itself (see <see cref="PeakWindow"/>).</summary>
    public static long ResetCount => Interlocked.Read(ref s_resets);

    /// <summary>Resets VmHWM to the current VmRSS; false if the kernel refused.</summary>
    public static bool TryResetPeak() => TryResetPeak(out _);

    /// <param name="resetNumber">This reset's number: <see cref="ResetCount"/> still equals it while no other reset has
    /// followed (taken before the write, so a reset racing this one is seen too).</param>
    public static bool TryResetPeak(out long resetNumber)
    {
        resetNumber = Interlocked.Increment(ref s_resets);
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>
    /// Hands the C heap's free pages back to the kernel (glibc malloc_trim). Without it, memory an earlier measurement
    /// freed stays resident and a later allocation reuses it without raising RSS, so a peak taken after a reset would
    /// read too low. False where there is no glibc.
    /// </summary>
    public static bool TryReleaseFreeMemory()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }
        try
        {
            return MallocTrim(0) >= 0;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);

    /// <summary>VmHWM in bytes (0 where /proc is missing).</summary>
    public static long PeakBytes => Read("VmHWM:");

    /// <summary>VmRSS in bytes (0 where /proc is missing).</summary>
    public static long CurrentBytes => Read("VmRSS:");

    private static long Read(string key)
    {
        if (!IsAvailable)
        {
            return 0;
        }
        foreach (var line in File.ReadLines(StatusPath))
        {
            if (line.StartsWith(key, StringComparison.Ordinal))
            {
                // "VmHWM:\t  339652 kB"
                var number = line[key.Length..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
                return long.Parse(number, CultureInfo.InvariantCulture) * 1024;
            }
        }
        return 0;
    }
}

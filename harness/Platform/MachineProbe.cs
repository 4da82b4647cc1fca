namespace SvDecode.Eval.Platform;

/// <summary>What this machine is, read once for the records that describe where something ran: the run manifest's
/// machine and the speed bench's.</summary>
public static class MachineProbe
{
    /// <summary>The CPU's model name (/proc/cpuinfo), or the process architecture where there is none.</summary>
    public static string CpuModel()
    {
        try
        {
            return ProcField("/proc/cpuinfo", "model name") ?? System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture.ToString();
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    /// <summary>The CPU's vendor string (/proc/cpuinfo vendor_id: GenuineIntel, AuthenticAMD), or "unknown".</summary>
    public static string CpuVendor() => Guarded(() => ProcField("/proc/cpuinfo", "vendor_id")) ?? "unknown";

    /// <summary>
    /// The instruction-set extensions that decide which kernels LibTorch, oneMKL and oneDNN run, of those this CPU has
    /// (/proc/cpuinfo flags), in a fixed order: "avx2 fma avx512f avx512_bf16"; empty where they cannot be read.
    /// </summary>
    public static string KernelFlags()
    {
        var flags = Guarded(() => ProcField("/proc/cpuinfo", "flags"))?.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal) ?? [];
        return string.Join(' ', KernelFlagNames.Where(flags.Contains));
    }

    private static readonly string[] KernelFlagNames = ["avx2", "fma", "avx512f", "avx512bw", "avx512_vnni", "avx512_bf16", "avx512_fp16", "amx_tile", "amx_bf16"];

    private static string? Guarded(Func<string?> read)
    {
        try
        {
            return read();
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Physical memory in bytes (/proc/meminfo MemTotal); 0 where it cannot be read.</summary>
    public static long MemoryTotalBytes() =>
        ProcField("/proc/meminfo", "MemTotal") is { } text && long.TryParse(text.Split(' ')[0], out var kb) ? kb * 1024 : 0;

    /// <summary>The value after "key:" on the first line of a /proc file that starts with key, or null.</summary>
    private static string? ProcField(string path, string key) =>
        !File.Exists(path)
            ? null
            : File.ReadLines(path)
                .Where(l => l.StartsWith(key, StringComparison.Ordinal) && l.Contains(':', StringComparison.Ordinal))
                .Select(l => l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim())
                .FirstOrDefault();
}

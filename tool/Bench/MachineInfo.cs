using System.Runtime.InteropServices;

namespace SvDecode.Eval.Tool.Bench;

/// <summary>
/// Where the figures were measured: CPU, cores, memory, OS, runtime, the torch thread count, and the load average
/// (/proc/loadavg) when the report was made: on a shared machine other processes' load explains noisy figures.
/// </summary>
public sealed record MachineInfo(string Cpu, int LogicalCores, long MemoryBytes, string Os, string Runtime, string TorchSharpVersion, int TorchThreads, string LoadAverage)
{
    public static MachineInfo Current() => new(
        CpuModel(),
        Environment.ProcessorCount,
        MemoryTotal(),
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription,
        ToolInfo.Packages.TryGetValue("TorchSharp", out var version) ? version : "?",
        TorchSharp.torch.get_num_threads(),
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown");

    private static string CpuModel() =>
        ReadField("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString();

    private static long MemoryTotal() =>
        ReadField("/proc/meminfo", "MemTotal") is { } text && long.TryParse(text.Split(' ')[0], out var kb) ? kb * 1024 : 0;

    /// <summary>The value after "key:" on the first line starting with key, or null.</summary>
    private static string? ReadField(string path, string key)
    {
        if (!File.Exists(path))
        {
            return null;
        }
        return File.ReadLines(path)
            .Where(l => l.StartsWith(key, StringComparison.Ordinal) && l.Contains(':', StringComparison.Ordinal))
            .Select(l => l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim())
            .FirstOrDefault();
    }
}

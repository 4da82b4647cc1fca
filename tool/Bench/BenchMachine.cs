using System.Runtime.InteropServices;
using SvDecode.Eval.Platform;

namespace SvDecode.Eval.Tool.Bench;

/// <summary>
/// Where the figures were measured: CPU (model, vendor and the instruction sets that pick the kernels), cores, memory,
/// OS, runtime, the torch thread count, what was done about oneMKL's vendor test, and the load average (/proc/loadavg)
/// when the report was made: on a shared machine other processes' load explains noisy figures.
/// </summary>
public sealed record BenchMachine(
    string Cpu, string CpuVendor, string CpuFlags, int LogicalCores, long MemoryBytes, string Os, string Runtime, string TorchSharpVersion,
    int TorchThreads, string MklVendorCheck, string LoadAverage)
{
    public static BenchMachine Current() => new(
        MachineProbe.CpuModel(),
        MachineProbe.CpuVendor(),
        MachineProbe.KernelFlags(),
        Environment.ProcessorCount,
        MachineProbe.MemoryTotalBytes(),
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription,
        ToolInfo.Packages.TryGetValue("TorchSharp", out var version) ? version : "?",
        TorchSharp.torch.get_num_threads(),
        SvDecode.Eval.LibTorch.MklVendorCheck.EnsureApplied(),
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown");
}

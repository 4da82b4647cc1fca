using SvDecode.Eval.LibTorch;

namespace SvDecode.Eval.Tests.Support;

/// <summary>The CPU LibTorch the build put beside the tests and the tool (runtimes/linux-x64/native).</summary>
public static class BundledLibTorch
{
    /// <summary>The folder holding its libtorch_cpu.so, canonical (as /proc/self/maps writes it).</summary>
    public static string Folder { get; } = MappedLibraries.Canonical(Path.GetDirectoryName(
        Directory.EnumerateFiles(AppContext.BaseDirectory, LibTorchFolder.CpuLibrary, SearchOption.AllDirectories).First())!);
}

using System.Runtime.InteropServices;

namespace SvDecode.Eval.LibTorch;

/// <summary>
/// Loads a LibTorch folder's libraries by full path in dependency order, then the tool's own LibTorchSharp. glibc
/// satisfies LibTorchSharp's needs (DT_NEEDED libtorch.so, libc10.so, libtorch_cpu.so) by soname from the copies
/// already loaded, so it binds to the folder's LibTorch, not to the one beside it. Afterwards /proc/self/maps must show
/// one copy of each LibTorch library, all from the folder.
/// </summary>
public static class LibTorchLoader
{
    /// <summary>Each after what it needs; the CUDA pair only where the folder has it.</summary>
    private static readonly string[] Order = ["libc10.so", LibTorchFolder.CpuLibrary, "libc10_cuda.so", LibTorchFolder.CudaLibrary, "libtorch.so"];

    // c10::Error::Error(c10::SourceLocation, std::__cxx11::string): LibTorchSharp imports it. A LibTorch built with the
    // pre-C++11 string ABI (_GLIBCXX_USE_CXX11_ABI=0) exports it with std::string instead, and LibTorchSharp cannot bind.
    private const string Cxx11AbiSymbol = "_ZN3c105ErrorC2ENS_14SourceLocationENSt7__cxx1112basic_stringIcSt11char_traitsIcESaIcEEE";

    /// <summary>Loads the folder; a library that fails to load, the wrong ABI or a stray copy is an InputException naming the path.</summary>
    public static LoadedLibTorch Load(LibTorchFolder folder, string libTorchSharpPath, string describe)
    {
        // A second LibTorch in a process that already has one aborts it (duplicate operator registration): refuse first.
        if (MappedLibraries.LibTorch() is { Count: > 0 } already)
        {
            throw new InputException(
                $"{describe}: LibTorch is already loaded in this process ({string.Join(", ", already)}); a LibTorch folder can only be " +
                "chosen before TorchSharp is first used, so run svdecode-eval as a process of its own.");
        }
        var handles = new Dictionary<string, IntPtr>(StringComparer.Ordinal);
        foreach (var name in Order)
        {
            var path = Path.Combine(folder.LibDirectory, name);
            if (!File.Exists(path))
            {
                if (name is "libc10.so" or "libtorch.so")
                {
                    throw new InputException($"{describe}: {folder.LibDirectory} has {LibTorchFolder.CpuLibrary} but no {name}; it is not a complete LibTorch.");
                }
                continue;
            }
            handles[name] = LoadOrExplain(path, describe);
            if (name == "libc10.so" && !NativeLibrary.TryGetExport(handles[name], Cxx11AbiSymbol, out _))
            {
                throw new InputException(
                    $"{describe}: {path} uses the pre-C++11 string ABI (_GLIBCXX_USE_CXX11_ABI=0); TorchSharp's LibTorchSharp needs a cxx11-ABI LibTorch: " +
                    "PyTorch wheels from 2.7 on, LibTorch downloads from 2.7 on (before, the ones named libtorch-cxx11-abi-…); docs/gpu.md.");
            }
        }
        var libTorchSharp = LoadOrExplain(libTorchSharpPath, describe);
        var loaded = new LoadedLibTorch(folder, handles, libTorchSharpPath, libTorchSharp);
        EnsureOnlyFrom(folder, describe);
        return loaded;
    }

    /// <summary>Every mapped LibTorch library is in the folder, one copy of each; else an InputException listing the others.</summary>
    private static void EnsureOnlyFrom(LibTorchFolder folder, string describe)
    {
        var directory = MappedLibraries.Canonical(folder.LibDirectory);
        var mapped = MappedLibraries.LibTorch();
        var strays = mapped.Where(p => !string.Equals(Path.GetDirectoryName(p), directory, StringComparison.Ordinal)).ToList();
        if (strays.Count > 0)
        {
            throw new InputException(
                $"{describe}: LibTorch libraries were loaded from outside {directory}: {string.Join(", ", strays)}. " +
                "Two LibTorch copies in one process abort on duplicate operator registration; remove the other LibTorch from LD_LIBRARY_PATH or LD_PRELOAD.");
        }
    }

    private static IntPtr LoadOrExplain(string path, string describe)
    {
        try
        {
            return NativeLibrary.Load(path);
        }
        catch (DllNotFoundException ex)
        {
            // The runtime's advice first, then dlerror() on the following lines: a missing dependency (libcudnn.so.9, ...),
            // an undefined symbol, a wrong ELF class. The dlerror lines are what the user can act on.
            var lines = ex.Message.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            var reason = lines.Length > 1 ? string.Join("; ", lines.Skip(1)) : ex.Message.Trim();
            throw new InputException($"{describe}: {path} failed to load: {reason}", ex);
        }
        catch (BadImageFormatException ex)
        {
            throw new InputException($"{describe}: {path} is not a loadable library for this machine: {ex.Message.Trim()}", ex);
        }
    }
}

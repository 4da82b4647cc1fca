using System.Reflection;
using System.Runtime.Loader;

namespace SvDecode.Eval.LibTorch;

/// <summary>
/// The assembly load context a command runs in when the user names a LibTorch folder: the application's assemblies
/// (TorchSharp with them) load afresh here, and their native library requests come to <see cref="LoadUnmanagedDll"/>.
/// </summary>
/// <remarks>
/// TorchSharp loads LibTorch with <c>NativeLibrary.TryLoad("torch_cpu", typeof(torch).Assembly, null)</c> from torch's
/// type initializer. For an assembly in the default context that search finds the tool's own libtorch_cpu.so by full
/// path and maps it beside the folder's copy (glibc shares loads by soname, not full-path loads of another file), and the
/// second copy aborts the process on duplicate operator registration. A DllImportResolver cannot stop it: the runtime
/// consults those for DllImport only, not for NativeLibrary.TryLoad. For an assembly in a custom context the runtime
/// asks the context first, for TryLoad and DllImport alike, so here TorchSharp gets the folder's handles.
/// </remarks>
internal sealed class LibTorchLoadContext : AssemblyLoadContext
{
    public const string ContextName = "svdecode-eval libtorch";

    private readonly AssemblyDependencyResolver _resolver;
    private readonly LoadedLibTorch _libtorch;

    public LibTorchLoadContext(AssemblyDependencyResolver resolver, LoadedLibTorch libtorch) : base(ContextName, isCollectible: false)
    {
        _resolver = resolver;
        _libtorch = libtorch;
    }

    /// <summary>The application's own assemblies from its deps.json; the framework's fall through to the default context.</summary>
    protected override Assembly? Load(AssemblyName assemblyName) =>
        _resolver.ResolveAssemblyToPath(assemblyName) is { } path ? LoadFromAssemblyPath(path) : null;

    /// <summary>
    /// LibTorchSharp → the handle loaded against the folder; a LibTorch library ("torch_cpu", "torch_cuda", ...) → the
    /// folder's copy, or DllNotFoundException when the folder has none (TorchSharp treats that as "no CUDA"), never
    /// the tool's own copy; anything else → IntPtr.Zero, the usual search.
    /// </summary>
    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        foreach (var fileName in FileNames(unmanagedDllName))
        {
            if (fileName == "libLibTorchSharp.so")
            {
                return _libtorch.LibTorchSharp;
            }
            if (MappedLibraries.IsLibTorchFile(fileName))
            {
                return _libtorch.Handle(fileName) ?? throw new DllNotFoundException(
                    $"{fileName} is not in the LibTorch folder {_libtorch.Folder.LibDirectory}; svdecode-eval does not load it from anywhere else.");
            }
        }
        return IntPtr.Zero;
    }

    /// <summary>The file names the runtime would try for a library name: as given, with "lib" before it, ".so" after it, or both.</summary>
    private static IEnumerable<string> FileNames(string name)
    {
        var file = Path.GetFileName(name);
        yield return file;
        yield return "lib" + file;
        yield return file + ".so";
        yield return "lib" + file + ".so";
    }
}

using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace SvDecode.Eval.LibTorch;

/// <summary>A LibTorch folder loaded into this process: its libraries' handles by file name, and LibTorchSharp's handle.</summary>
public sealed class LoadedLibTorch
{
    private readonly ConcurrentDictionary<string, IntPtr> _handles;

    internal LoadedLibTorch(LibTorchFolder folder, IReadOnlyDictionary<string, IntPtr> handles, string libTorchSharpPath, IntPtr libTorchSharp)
    {
        Folder = folder;
        _handles = new ConcurrentDictionary<string, IntPtr>(handles, StringComparer.Ordinal);
        LibTorchSharpPath = libTorchSharpPath;
        LibTorchSharp = libTorchSharp;
    }

    public LibTorchFolder Folder { get; }

    /// <summary>The tool's own libLibTorchSharp.so (TorchSharp's native half), linked against the folder's libraries.</summary>
    public string LibTorchSharpPath { get; }

    public IntPtr LibTorchSharp { get; }

    /// <summary>The handle of a library of the folder (loaded on first request), or null when the folder has no such file.</summary>
    public IntPtr? Handle(string fileName)
    {
        if (_handles.TryGetValue(fileName, out var handle))
        {
            return handle;
        }
        var path = Path.Combine(Folder.LibDirectory, fileName);
        return File.Exists(path) ? _handles.GetOrAdd(fileName, _ => NativeLibrary.Load(path)) : null;
    }
}

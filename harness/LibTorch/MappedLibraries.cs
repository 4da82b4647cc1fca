using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;

namespace SvDecode.Eval.LibTorch;

/// <summary>
/// The LibTorch libraries mapped into this process, read from /proc/self/maps: what the dynamic loader actually
/// loaded, whoever asked for it. Paths there are canonical (symbolic links resolved); <see cref="Canonical"/> puts a
/// folder in the same form for comparison.
/// </summary>
public static partial class MappedLibraries
{
    private const string Maps = "/proc/self/maps";

    /// <summary>Canonical paths of every mapped LibTorch library (libc10*.so, libtorch*.so), in path order; empty where /proc is absent.</summary>
    public static IReadOnlyList<string> LibTorch()
    {
        if (!File.Exists(Maps))
        {
            return [];
        }
        var paths = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(Maps))
        {
            // address perms offset dev inode pathname; the pathname may hold spaces, and "(deleted)" after a replaced file.
            var match = MapsLine().Match(line);
            if (!match.Success)
            {
                continue;
            }
            var path = match.Groups[1].Value.Trim();
            if (path.EndsWith(" (deleted)", StringComparison.Ordinal))
            {
                path = path[..^" (deleted)".Length];
            }
            if (path.StartsWith('/') && IsLibTorchFile(Path.GetFileName(path)))
            {
                paths.Add(path);
            }
        }
        return [.. paths];
    }

    /// <summary>Whether a file name is one of LibTorch's own libraries (libc10.so, libtorch_cpu.so, libtorch_cuda.so, ...); not libLibTorchSharp.so.</summary>
    public static bool IsLibTorchFile(string fileName) => LibTorchName().IsMatch(fileName);

    /// <summary>The path with every symbolic link resolved (realpath(3)); the path itself when that fails.</summary>
    public static string Canonical(string path)
    {
        var buffer = new byte[4096]; // PATH_MAX on Linux
        return RealPath(path, buffer) == IntPtr.Zero ? Path.GetFullPath(path) : Encoding.UTF8.GetString(buffer, 0, Array.IndexOf(buffer, (byte)0));
    }

    [DllImport("libc", EntryPoint = "realpath", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    private static extern IntPtr RealPath([MarshalAs(UnmanagedType.LPUTF8Str)] string path, byte[] resolved);

    [GeneratedRegex(@"^\S+\s+\S+\s+\S+\s+\S+\s+\S+\s+(.+)$")]
    private static partial Regex MapsLine();

    [GeneratedRegex(@"^lib(?:c10|torch)(?:_[a-z0-9_]+)?\.so(?:\.\d+)*$")]
    private static partial Regex LibTorchName();
}

using System.Diagnostics;
using Xunit;

namespace SvDecode.Eval.Tests.Support;

/// <summary>
/// A fact that needs a small file system of its own (a tmpfs mounted for the test), to fill a real disk. Where the
/// machine does not allow mounting one (not root, or no CAP_SYS_ADMIN in a container) it is skipped with that reason;
/// the injected-failure test in Engine/DiskFullTests covers the same promise everywhere.
/// </summary>
public sealed class TmpfsFactAttribute : FactAttribute
{
    private static readonly Lazy<string?> Unavailable = new(Probe);

    public TmpfsFactAttribute()
    {
        if (Unavailable.Value is { } reason)
        {
            Skip = reason;
        }
    }

    /// <summary>Mounts a tmpfs of <paramref name="size"/> (mount's syntax: "256k") at <paramref name="folder"/>.</summary>
    public static void Mount(string folder, string size) => Run("mount", "-t", "tmpfs", "-o", $"size={size}", "tmpfs", folder);

    /// <summary>Resizes a mounted tmpfs, keeping its files ("space is freed").</summary>
    public static void Resize(string folder, string size) => Run("mount", "-o", $"remount,size={size}", folder);

    public static void Unmount(string folder) => Run("umount", folder);

    private static string? Probe()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "a tmpfs needs Linux";
        }
        var folder = Directory.CreateTempSubdirectory("svdecode-tmpfs-probe-").FullName;
        try
        {
            Mount(folder, "64k");
            Unmount(folder);
            return null;
        }
        catch (InvalidOperationException ex)
        {
            return $"cannot mount a tmpfs here ({ex.Message})";
        }
        finally
        {
            Directory.Delete(folder);
        }
    }

    private static void Run(string program, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(program, args) { RedirectStandardError = true, RedirectStandardOutput = true })
            ?? throw new InvalidOperationException($"{program} did not start");
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', args)}: exit {process.ExitCode}: {error.Trim()}");
        }
    }
}

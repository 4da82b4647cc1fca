using System.Runtime.InteropServices;

namespace SvDecode.Eval.Platform;

/// <summary>
/// Checks, without opening it, that a path where the tool expects to read a file is a regular file it can read:
/// opening a FIFO waits for a writer forever, a device may never end, and a symbolic-link loop or a directory ends in
/// a raw IOException deep inside a reader. Each refusal is an <see cref="InputException"/> (exit 2) naming the path,
/// given at once. Call it before every read of a user's input file.
/// </summary>
public static class InputPath
{
    // File types of st_mode (POSIX; .NET's System.Native reports them unchanged).
    private const int TypeMask = 0xF000;
    private const int Fifo = 0x1000;
    private const int CharacterDevice = 0x2000;
    private const int DirectoryType = 0x4000;
    private const int BlockDevice = 0x6000;
    private const int Regular = 0x8000;
    private const int Socket = 0xC000;

    /// <param name="path">The file to check.</param>
    /// <param name="what">What the file is for, in messages ("data file", "config.json").</param>
    /// <param name="notFound">The message when nothing is at the path (a reader's own wording); null for the default.</param>
    public static void RequireReadableFile(string path, string what = "input file", string? notFound = null)
    {
        ResolveLinks(path, what);
        if (Directory.Exists(path))
        {
            throw new InputException($"{path}: is a directory, but the {what} must be a file");
        }
        if (!File.Exists(path))
        {
            throw new InputException(notFound ?? $"{path}: {what} not found");
        }
        if (FileType(path) is { } type && type != Regular)
        {
            throw new InputException($"{path}: is {Describe(type)}, not a regular file, so it is not read as the {what} (reading it could wait forever)");
        }
        try
        {
            using var _ = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            throw new InputException($"{path}: the {what} cannot be read: {ex.Message}", ex);
        }
    }

    /// <summary>A symbolic-link chain that loops or dangles is named, not left to a stack trace.</summary>
    private static void ResolveLinks(string path, string what)
    {
        try
        {
            var info = new FileInfo(path);
            if (info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is { Exists: false } target)
            {
                throw new InputException($"{path}: is a symbolic link to {target.FullName}, which does not exist, so the {what} cannot be read");
            }
        }
        catch (IOException ex)
        {
            // The runtime's message for ELOOP: "Too many levels of symbolic links in '<path>'."
            throw new InputException(ex.Message.Contains("Too many levels of symbolic links", StringComparison.Ordinal)
                ? $"{path}: is a symbolic-link loop, so the {what} cannot be read"
                : $"{path}: the symbolic link cannot be resolved ({ex.Message}), so the {what} cannot be read", ex);
        }
    }

    /// <summary>The st_mode file type of the path (links followed), or null where it cannot be read (not Unix).</summary>
    private static int? FileType(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return null;
        }
        var status = new byte[512]; // System.Native's FileStatus: Flags (int32), then Mode (int32)
        return Stat(path, status) == 0 ? BitConverter.ToInt32(status, 4) & TypeMask : null;
    }

    private static string Describe(int type) => type switch
    {
        Fifo => "a FIFO (named pipe)",
        Socket => "a socket",
        CharacterDevice or BlockDevice => "a device",
        DirectoryType => "a directory",
        _ => "not a regular file",
    };

    [DllImport("libSystem.Native", EntryPoint = "SystemNative_Stat", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    private static extern int Stat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, [Out] byte[] status);
}

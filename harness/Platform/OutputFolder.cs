namespace SvDecode.Eval.Platform;

/// <summary>
/// Makes sure a folder the tool is about to write into can be written, before any work: an existing file of that name,
/// a path that runs through a file, or a read-only or full file system is an <see cref="InputException"/> (exit 2)
/// naming the path, not an IOException half-way through a run.
/// </summary>
public static class OutputFolder
{
    /// <param name="path">The folder (created with its parents when missing).</param>
    /// <param name="what">What the folder is, in messages ("--output").</param>
    public static void Prepare(string path, string what)
    {
        if (File.Exists(path))
        {
            throw new InputException($"{path}: is a file; {what} names the folder to write into (give a new or existing folder)");
        }
        for (var parent = Path.GetDirectoryName(Path.GetFullPath(path)); parent is not null; parent = Path.GetDirectoryName(parent))
        {
            if (File.Exists(parent))
            {
                throw new InputException($"{path}: cannot be created for {what}: {parent} is a file, not a folder");
            }
        }
        try
        {
            Directory.CreateDirectory(path);
            var probe = Path.Combine(path, $".write-check-{Environment.ProcessId}");
            File.WriteAllBytes(probe, new byte[1]);
            File.Delete(probe);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"{path}: cannot write {what} here: {ex.Message}", ex);
        }
    }
}

using System.Reflection;
using SvDecode.Eval.Hosting;

namespace SvDecode.Eval.Tool.Starter;

/// <summary>
/// The quickstart study `init` writes: pipelines/quickstart.yaml, its demo data (pipelines/data/demo) and the demo
/// model (models/demo). The tool assembly carries them as resources named by their path in the study folder (see the
/// tool's project file), packed from their one home in the repository, so the pipeline's relative paths hold unchanged.
/// </summary>
internal static class StarterFolder
{
    private const string ResourcePrefix = "starter/";

    /// <summary>The pipeline, relative to the study folder.</summary>
    public const string Pipeline = "pipelines/quickstart.yaml";

    /// <summary>The run directory the printed command names, relative to the study folder.</summary>
    public const string RunDirectory = "runs/quickstart";

    private static readonly Assembly Carrier = typeof(StarterFolder).Assembly;

    /// <summary>Every file written, relative to the study folder with '/' separators, in ordinal order.</summary>
    public static IReadOnlyList<string> Files { get; } = Carrier.GetManifestResourceNames()
        .Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal))
        .Select(name => name[ResourcePrefix.Length..])
        .Order(StringComparer.Ordinal)
        .ToList();

    /// <summary>
    /// Writes every file into <paramref name="folder"/> (created if missing). Without <paramref name="force"/> nothing is
    /// written when any of them exists already; other files in the folder are never touched.
    /// </summary>
    public static StarterWriteResult Write(string folder, bool force)
    {
        var root = Path.GetFullPath(folder);
        if (File.Exists(root))
        {
            throw new InputException($"{folder}: is a file; give a new or empty folder to write the study into.");
        }
        var targets = Files.Select(file => (File: file, Path: Path.Combine(root, file))).ToList();
        if (targets.FirstOrDefault(t => Directory.Exists(t.Path)) is { File: not null } blocked)
        {
            throw new InputException($"{blocked.Path}: is a folder where init writes a file; nothing was written.");
        }
        var existing = targets.Where(t => File.Exists(t.Path)).ToList();
        if (existing.Count > 0 && !force)
        {
            var more = existing.Count > 1 ? $" (and {existing.Count - 1} more of the {targets.Count} files init writes)" : "";
            throw new InputException($"{existing[0].Path}: exists{more}; nothing was written. --force overwrites them.");
        }
        long bytes = 0;
        foreach (var (file, path) in targets)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            // Written beside and moved into place: an interrupted init never leaves half a model file behind.
            var partial = path + ".partial";
            using (var source = Carrier.GetManifestResourceStream(ResourcePrefix + file)!)
            using (var target = File.Create(partial))
            {
                source.CopyTo(target);
                bytes += target.Length;
            }
            File.Move(partial, path, overwrite: true);
        }
        return new StarterWriteResult(root, targets.Count, existing.Count, bytes);
    }
}

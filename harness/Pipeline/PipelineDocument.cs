using SvDecode.Eval.Pipeline.Spec;

namespace SvDecode.Eval.Pipeline;

/// <summary>A loaded pipeline: the validated spec plus where it came from, so paths and errors resolve against it.</summary>
public sealed record PipelineDocument(
    PipelineSpec Spec,
    string FilePath,
    string FileSha256,
    IReadOnlyList<string> Overrides,
    SpecLocations Locations)
{
    public string Directory => Path.GetDirectoryName(FilePath)!;

    /// <summary>A path from the pipeline file, resolved against the file's folder (absolute paths stay as they are).</summary>
    public string Resolve(string path) => Path.GetFullPath(Path.Combine(Directory, ExpandHome(path)));

    private static string ExpandHome(string path) =>
        path.StartsWith("~/", StringComparison.Ordinal)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), path[2..])
            : path;
}

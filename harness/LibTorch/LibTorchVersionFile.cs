using System.Text.RegularExpressions;

namespace SvDecode.Eval.LibTorch;

/// <summary>
/// Where a LibTorch folder says which release it is, beside its lib/ folder: a LibTorch download (libtorch-*.zip) has
/// <c>build-version</c> ("2.10.0+cu128"); a PyTorch installation has <c>torch/version.py</c> beside <c>torch/lib</c>
/// (<c>__version__ = '2.10.0+cu128'</c>).
/// </summary>
public sealed partial record LibTorchVersionFile(string Path, LibTorchVersion Version)
{
    public const string BuildVersion = "build-version";
    public const string VersionPy = "version.py";

    /// <summary>The version file for a lib folder, or null when there is none; an unreadable one is an InputException.</summary>
    public static LibTorchVersionFile? Find(string libDirectory)
    {
        if (Directory.GetParent(libDirectory) is not { } parent)
        {
            return null;
        }
        var buildVersion = System.IO.Path.Combine(parent.FullName, BuildVersion);
        if (File.Exists(buildVersion))
        {
            return Parse(buildVersion, File.ReadAllText(buildVersion).Trim());
        }
        var versionPy = System.IO.Path.Combine(parent.FullName, VersionPy);
        if (File.Exists(versionPy))
        {
            var match = PythonVersion().Match(File.ReadAllText(versionPy));
            return match.Success
                ? Parse(versionPy, match.Groups[1].Value)
                : throw new InputException($"{versionPy}: no __version__ = '...' line, so the LibTorch release cannot be read from it.");
        }
        return null;
    }

    private static LibTorchVersionFile Parse(string path, string text) =>
        LibTorchVersion.TryParse(text, out var version)
            ? new LibTorchVersionFile(path, version)
            : throw new InputException($"{path}: '{text}' is not a LibTorch version (expected major.minor.patch, e.g. 2.10.0+cu128).");

    // __version__ = '2.10.0+cu128'  or, with an annotation,  __version__: str = "2.10.0"
    [GeneratedRegex(@"^__version__\s*(?::[^=\n]*)?=\s*['""]([^'""\n]+)['""]", RegexOptions.Multiline)]
    private static partial Regex PythonVersion();
}

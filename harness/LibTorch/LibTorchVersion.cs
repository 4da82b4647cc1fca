using System.Globalization;
using System.Text.RegularExpressions;

namespace SvDecode.Eval.LibTorch;

/// <summary>
/// A LibTorch release as its version files write it ("2.10.0+cu128", "2.10.0+cpu") or TorchSharp does ("2.10.0.0").
/// Releases compare by major.minor.patch: the local part after '+' names the build (CUDA 12.8, CPU), not the release,
/// and LibTorchSharp links against the release's C++ symbols, which the build does not change.
/// </summary>
public readonly partial record struct LibTorchVersion(int Major, int Minor, int Patch, string Text)
{
    /// <summary>major.minor.patch, e.g. "2.10.0".</summary>
    public string Release => $"{Major}.{Minor}.{Patch}";

    public bool SameRelease(LibTorchVersion other) => Major == other.Major && Minor == other.Minor && Patch == other.Patch;

    public static bool TryParse(string text, out LibTorchVersion version)
    {
        var match = Leading().Match(text);
        if (!match.Success)
        {
            version = default;
            return false;
        }
        static int At(Match m, int group) => int.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture);
        version = new LibTorchVersion(At(match, 1), At(match, 2), At(match, 3), text.Trim());
        return true;
    }

    public override string ToString() => Text;

    [GeneratedRegex(@"^\s*(\d{1,6})\.(\d{1,6})\.(\d{1,6})")]
    private static partial Regex Leading();
}

using System.Reflection;
using TorchSharp;

namespace SvDecode.Eval.LibTorch;

/// <summary>What the TorchSharp this tool runs with was built against, read without loading any LibTorch.</summary>
public static class TorchSharpBuild
{
    // The private constant behind torch.__version__ in TorchSharp 0.107 (src/TorchSharp/Torch.cs). Reading
    // torch.__version__ itself runs torch's type initializer, and that loads the LibTorch the tool carries.
    private const string VersionConstant = "libtorchPackageVersion";

    private static readonly Lazy<LibTorchVersion> Required = new(ReadRequired);

    /// <summary>The TorchSharp package version, e.g. "0.107.0".</summary>
    public static string Version { get; } =
        (typeof(torch).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? typeof(torch).Assembly.GetName().Version?.ToString() ?? "?").Split('+')[0];

    /// <summary>The LibTorch release LibTorchSharp (TorchSharp's native half) was compiled against: torch.__version__, e.g. "2.10.0.0".</summary>
    public static LibTorchVersion RequiredLibTorch => Required.Value;

    private static LibTorchVersion ReadRequired()
    {
        var field = typeof(torch).GetField(VersionConstant, BindingFlags.NonPublic | BindingFlags.Static);
        if (field is not { IsLiteral: true } || field.GetRawConstantValue() is not string text || !LibTorchVersion.TryParse(text, out var version))
        {
            throw new InvalidOperationException(
                $"TorchSharp {Version} has no string constant torch.{VersionConstant}, which svdecode-eval reads to learn the LibTorch release " +
                "TorchSharp needs without loading LibTorch (harness/LibTorch/TorchSharpBuild.cs): find where this TorchSharp version keeps it.");
        }
        return version;
    }
}

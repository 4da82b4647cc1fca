extern alias ScottPlotPackage;

using System.Reflection;

namespace SvDecode.Eval.Results;

/// <summary>
/// The versions of the libraries whose numerics or output the results depend on, for the manifest: the managed
/// packages from their assemblies, LibTorch from the loaded native library (<c>torch.__version__</c>).
/// </summary>
public static class PackageVersions
{
    private static readonly Lazy<IReadOnlyDictionary<string, string>> Versions = new(Read);

    /// <summary>Name → version, sorted by name. Reading it loads LibTorch (a run has loaded it already).</summary>
    public static IReadOnlyDictionary<string, string> Current => Versions.Value;

    private static SortedDictionary<string, string> Read()
    {
        var versions = new SortedDictionary<string, string>(ToolInfo.Packages.ToDictionary(), StringComparer.Ordinal)
        {
            ["Microsoft.ML.Tokenizers"] = Of(typeof(Microsoft.ML.Tokenizers.Tokenizer).Assembly),
            ["ScottPlot"] = Of(typeof(ScottPlotPackage::ScottPlot.Plot).Assembly),
            ["LibTorch"] = LibTorch(),
        };
        return versions;
    }

    private static string LibTorch()
    {
        try
        {
            return TorchSharp.torch.__version__;
        }
        catch (Exception ex) when (ex is DllNotFoundException or TypeInitializationException or NotSupportedException or InvalidOperationException)
        {
            return "unavailable";
        }
    }

    private static string Of(Assembly assembly) =>
        (assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? assembly.GetName().Version?.ToString() ?? "?").Split('+')[0];
}

extern alias ScottPlotPackage;

using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.Json;
using SvDecode.Eval.LibTorch;

namespace SvDecode.Eval.Results;

/// <summary>
/// The versions of the libraries whose numerics or output the results depend on, for the manifest: the managed
/// packages from their assemblies, LibTorch from the application's deps.json (the libtorch-* native package the
/// build resolved, e.g. "2.10.0 (libtorch-cpu-linux-x64)"), or the folder the user chose with --libtorch
/// ("2.10.0+cu128 (/x/torch/lib)", <see cref="LibTorchLauncher"/>). Not <c>torch.__version__</c>: that loads LibTorch
/// (≈1.5 s), which a run whose artifacts are all reused never does, and it cannot tell a CPU from a CUDA build.
/// </summary>
public static class PackageVersions
{
    private static readonly Lazy<IReadOnlyDictionary<string, string>> Versions = new(Read);

    /// <summary>Name → version, sorted by name.</summary>
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
        if (AppContext.GetData(LibTorchLauncher.AppContextKey) is string folder)
        {
            return folder;
        }
        var packages = new SortedSet<(string Name, string Version)>();
        foreach (var deps in DepsFiles())
        {
            try
            {
                using var document = JsonDocument.Parse(File.ReadAllBytes(deps));
                if (!document.RootElement.TryGetProperty("libraries", out var libraries) || libraries.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }
                foreach (var library in libraries.EnumerateObject())
                {
                    // Keys are "name/version"; the RID-specific package (libtorch-cpu-linux-x64) carries the binaries.
                    var slash = library.Name.IndexOf('/', StringComparison.Ordinal);
                    if (slash > 0 && library.Name.StartsWith("libtorch-", StringComparison.OrdinalIgnoreCase))
                    {
                        packages.Add((library.Name[..slash], library.Name[(slash + 1)..]));
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
            {
                // an unreadable deps file only costs the LibTorch entry its precision
            }
        }
        var rid = RuntimeInformation.RuntimeIdentifier;
        var chosen = packages.Where(p => p.Name.EndsWith(rid, StringComparison.OrdinalIgnoreCase)).Concat(packages).Cast<(string Name, string Version)?>().FirstOrDefault();
        return chosen is { } c ? $"{c.Version} ({c.Name})" : "unknown";
    }

    /// <summary>The host's deps.json files; test hosts do not say, so then every deps.json beside the application.</summary>
    private static IEnumerable<string> DepsFiles()
    {
        // The host joins the paths with ';' on every operating system.
        var listed = (AppContext.GetData("APP_CONTEXT_DEPS_FILES") as string ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries);
        return listed.Length > 0 ? listed : Directory.EnumerateFiles(AppContext.BaseDirectory, "*.deps.json").Order(StringComparer.Ordinal);
    }

    private static string Of(Assembly assembly) =>
        (assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? assembly.GetName().Version?.ToString() ?? "?").Split('+')[0];
}

using System.Reflection;

namespace SvDecode.Eval;

/// <summary>The version and source commit this build came from (the SDK stamps the commit after '+').</summary>
public static class ToolInfo
{
    private static readonly string Informational =
        typeof(ToolInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    public static string Version => Informational.Split('+')[0];

    public static string? GitCommit => Informational.Contains('+', StringComparison.Ordinal) ? Informational.Split('+')[1] : null;

    /// <summary>Versions of the libraries whose numerics the results depend on.</summary>
    public static IReadOnlyDictionary<string, string> Packages { get; } = new SortedDictionary<string, string>(StringComparer.Ordinal)
    {
        ["TorchSharp"] = AssemblyVersion(typeof(TorchSharp.torch).Assembly),
        ["YamlDotNet"] = AssemblyVersion(typeof(YamlDotNet.Core.Parser).Assembly),
    };

    private static string AssemblyVersion(Assembly assembly) =>
        (assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? assembly.GetName().Version?.ToString() ?? "?").Split('+')[0];
}

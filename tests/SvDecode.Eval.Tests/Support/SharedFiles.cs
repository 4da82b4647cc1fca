using Xunit;

namespace SvDecode.Eval.Tests.Support;

/// <summary>
/// Locates ../shared (fixtures and data that must never be committed) beside the repository root.
/// </summary>
public static class SharedFiles
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>The shared folder, or null on a fresh clone elsewhere.</summary>
    public static string? Root { get; } = FindShared();

    public static string Fixtures => Path.Combine(Root ?? throw new InvalidOperationException("../shared is absent"), "fixtures");

    public static string Data => Path.Combine(Root ?? throw new InvalidOperationException("../shared is absent"), "data");

    public static string Fixture(params string[] parts) => Path.Combine([Fixtures, .. parts]);

    public static string DataFile(params string[] parts) => Path.Combine([Data, .. parts]);

    /// <summary>Why a test needing these shared paths cannot run here, or null when it can.</summary>
    public static string? MissingReason(params string[] relativePaths)
    {
        if (Root is null)
        {
            return $"../shared is absent beside {RepositoryRoot} (a fresh clone outside the project's machines); this test reads shared fixtures or data.";
        }
        foreach (var relative in relativePaths)
        {
            var full = Path.Combine(Root, relative);
            if (!File.Exists(full) && !Directory.Exists(full))
            {
                return $"../shared/{relative} is absent from this machine's shared folder.";
            }
        }
        return null;
    }

    private static string FindRepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SvDecode.Eval.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("Cannot find SvDecode.Eval.sln above " + AppContext.BaseDirectory);
    }

    private static string? FindShared()
    {
        var candidate = Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared"));
        return Directory.Exists(candidate) ? candidate : null;
    }
}

/// <summary>A fact that needs files under ../shared; it skips, naming what is missing, only where they are absent.</summary>
public sealed class SharedFactAttribute : FactAttribute
{
    public SharedFactAttribute(params string[] relativePaths)
    {
        var reason = SharedFiles.MissingReason(relativePaths);
        if (reason is not null)
        {
            Skip = reason;
        }
    }
}

/// <summary>A theory that needs files under ../shared; see <see cref="SharedFactAttribute"/>.</summary>
public sealed class SharedTheoryAttribute : TheoryAttribute
{
    public SharedTheoryAttribute(params string[] relativePaths)
    {
        var reason = SharedFiles.MissingReason(relativePaths);
        if (reason is not null)
        {
            Skip = reason;
        }
    }
}

using SvDecode.Eval.Tests.Support;

namespace SvDecode.Eval.Tests.Demo;

/// <summary>Where the committed demo and study models and benchmark files live in the repository.</summary>
internal static class DemoPaths
{
    public static string Model => Path.Combine(SharedFiles.RepositoryRoot, "models", "demo");

    public static string Data => Path.Combine(SharedFiles.RepositoryRoot, "pipelines", "data", "demo");

    public static string StudyModel => Path.Combine(SharedFiles.RepositoryRoot, "models", "study");

    public static string StudyData => Path.Combine(SharedFiles.RepositoryRoot, "pipelines", "data", "study");
}

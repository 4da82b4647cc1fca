using Snapshooter;
using Snapshooter.Xunit;
using SvDecode.Eval.Pipeline;
using SvDecode.Eval.Tests.Support;
using Xunit;

namespace SvDecode.Eval.Tests.Pipeline;

/// <summary>The catalogue of broken pipeline files under Pipeline/Broken: every message is pinned by a snapshot.</summary>
public sealed class BrokenPipelineTests
{
    public static string Folder => Path.Combine(SharedFiles.RepositoryRoot, "tests", "SvDecode.Eval.Tests", "Pipeline", "Broken");

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(Folder, "*.yaml").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }
        return data;
    }

    [Fact]
    public void TheCatalogueHasAtLeastFifteenFiles() => Assert.True(Files().Count >= 15);

    [Theory]
    [MemberData(nameof(Files))]
    public void EveryBrokenFileIsRejectedWithPositionsAndItsMessagesMatchTheSnapshot(string file)
    {
        var path = Path.Combine(Folder, file);
        var (document, diagnostics) = PipelineLoader.Validate(path, [], TestPipelines.Catalog);

        Assert.Null(document);
        Assert.NotEmpty(diagnostics);
        Assert.All(diagnostics, d =>
        {
            Assert.True(d.Mark.Line >= 1 && d.Mark.Column >= 1, d.ToString());
            Assert.StartsWith(path + ":", d.ToString(), StringComparison.Ordinal);
        });
        var text = string.Join("\n", diagnostics.Select(d => d.ToString()))
            .Replace(Folder, "<broken>", StringComparison.Ordinal)
            .Replace(SharedFiles.RepositoryRoot, "<repo>", StringComparison.Ordinal);
        Snapshot.Match(text, SnapshotNameExtension.Create(Path.GetFileNameWithoutExtension(file)));
    }
}

using Xunit;

namespace SvDecode.Eval.Tests.Support;

public sealed class AtomicFileTests
{
    [Fact]
    public void AWriteReplacesTheFileWholeAndLeavesNoTemporaryFile()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("results.json");
        File.WriteAllText(path, "old");

        AtomicFile.WriteAllText(path, "new");

        Assert.Equal("new", File.ReadAllText(path));
        Assert.Equal(["results.json"], Directory.GetFiles(dir.Path).Select(Path.GetFileName));
    }
}

using SvDecode.Eval.LibTorch;
using SvDecode.Eval.Tests.Support;
using TorchSharp;
using Xunit;

namespace SvDecode.Eval.Tests.LibTorch;

public sealed class MappedLibrariesTests
{
    [Theory]
    [InlineData("libtorch_cpu.so", true)]
    [InlineData("libtorch.so", true)]
    [InlineData("libc10.so", true)]
    [InlineData("libc10_cuda.so", true)]
    [InlineData("libtorch_cuda.so", true)]
    [InlineData("libtorch_global_deps.so", true)]
    [InlineData("libLibTorchSharp.so", false)]
    [InlineData("libc.so.6", false)]
    [InlineData("libgomp-98b21ff3.so.1", false)]
    [InlineData("libtorchvision.so", false)]
    public void KnowsLibTorchsOwnLibraries(string fileName, bool expected) => Assert.Equal(expected, MappedLibraries.IsLibTorchFile(fileName));

    [Fact]
    public void ListsTheLibTorchThisTestProcessLoaded()
    {
        using var loaded = torch.ones(1); // the test host uses the LibTorch beside it
        var cpu = Assert.Single(MappedLibraries.LibTorch(), p => Path.GetFileName(p) == LibTorchFolder.CpuLibrary);
        Assert.Equal(Path.Combine(BundledLibTorch.Folder, LibTorchFolder.CpuLibrary), cpu);
    }

    [Fact]
    public void CanonicalResolvesSymbolicLinks()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.Combine("real"));
        Directory.CreateSymbolicLink(dir.Combine("link"), dir.Combine("real"));
        Assert.Equal(MappedLibraries.Canonical(dir.Combine("real")), MappedLibraries.Canonical(dir.Combine("link")));
        Assert.EndsWith("/real", MappedLibraries.Canonical(dir.Combine("link")), StringComparison.Ordinal);
    }
}

using SvDecode.Eval.LibTorch;
using Xunit;

namespace SvDecode.Eval.Tests.LibTorch;

public sealed class LibTorchVersionTests
{
    [Theory]
    [InlineData("2.10.0+cu128", 2, 10, 0)] // PyTorch's version.py and a CUDA LibTorch's build-version
    [InlineData("2.10.0.0", 2, 10, 0)]     // TorchSharp's torch.__version__
    [InlineData(" 2.7.1+cpu\n", 2, 7, 1)]
    [InlineData("2.11.0a0+git1234abc", 2, 11, 0)] // a source build
    public void ParsesMajorMinorPatchAndKeepsTheText(string text, int major, int minor, int patch)
    {
        Assert.True(LibTorchVersion.TryParse(text, out var version));
        Assert.Equal((major, minor, patch), (version.Major, version.Minor, version.Patch));
        Assert.Equal(text.Trim(), version.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("2.10")]
    [InlineData("v2.10.0")]
    [InlineData("unknown")]
    public void RejectsTextWithoutMajorMinorPatch(string text) => Assert.False(LibTorchVersion.TryParse(text, out _));

    [Fact]
    public void ReleasesCompareByMajorMinorPatchOnly()
    {
        static LibTorchVersion V(string text) => LibTorchVersion.TryParse(text, out var v) ? v : throw new ArgumentException(text);
        Assert.True(V("2.10.0+cu128").SameRelease(V("2.10.0.0")));
        Assert.True(V("2.10.0+cpu").SameRelease(V("2.10.0+cu126")));
        Assert.False(V("2.10.1").SameRelease(V("2.10.0.0")));
        Assert.False(V("2.9.0").SameRelease(V("2.10.0")));
    }
}

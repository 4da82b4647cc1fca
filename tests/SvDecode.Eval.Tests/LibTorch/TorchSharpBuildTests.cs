using SvDecode.Eval.LibTorch;
using TorchSharp;
using Xunit;

namespace SvDecode.Eval.Tests.LibTorch;

public sealed class TorchSharpBuildTests
{
    /// <summary>
    /// TorchSharpBuild reads a private TorchSharp constant (reading torch.__version__ would load LibTorch). If a
    /// TorchSharp update renames it, this fails here, loudly, rather than every --libtorch run failing for users.
    /// </summary>
    [Fact]
    public void TheRequiredLibTorchIsTorchSharpsOwnVersion()
    {
        Assert.Equal(torch.__version__, TorchSharpBuild.RequiredLibTorch.Text);
        Assert.Equal("0.107.0", TorchSharpBuild.Version); // Directory.Packages.props; the LibTorch pairing is checked above
    }
}

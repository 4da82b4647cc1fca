using SvDecode.Eval.LibTorch;
using Xunit;

namespace SvDecode.Eval.Tests.LibTorch;

public sealed class LibTorchSettingTests
{
    private static Func<string, string?> Environment(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;

    [Fact]
    public void NothingChosenIsNull() => Assert.Null(LibTorchSetting.Resolve(null, null, Environment()));

    [Fact]
    public void TheOptionWinsOverTheEnvironmentAndNamesItself()
    {
        var setting = LibTorchSetting.Resolve("/opt/torch/lib", null, Environment((LibTorchSetting.Variable, "/elsewhere")));
        Assert.Equal(new LibTorchSetting("/opt/torch/lib", null, LibTorchSetting.Option), setting);
        Assert.Equal("--libtorch /opt/torch/lib", setting!.Describe());
    }

    [Fact]
    public void TheEnvironmentVariablesApplyWithoutOptions()
    {
        var setting = LibTorchSetting.Resolve(null, null, Environment((LibTorchSetting.Variable, " /opt/torch/lib "), (LibTorchSetting.VersionVariable, "2.10.0")));
        Assert.Equal(new LibTorchSetting("/opt/torch/lib", "2.10.0", LibTorchSetting.Variable, LibTorchSetting.VersionVariable), setting);
        Assert.Equal("SVDECODE_LIBTORCH=/opt/torch/lib", setting!.Describe());
    }

    [Fact]
    public void TheVersionOptionWinsOverItsVariable()
    {
        var setting = LibTorchSetting.Resolve(null, "2.10.0", Environment((LibTorchSetting.Variable, "/opt/torch/lib"), (LibTorchSetting.VersionVariable, "2.9.0")));
        Assert.Equal(new LibTorchSetting("/opt/torch/lib", "2.10.0", LibTorchSetting.Variable, LibTorchSetting.VersionOption), setting);
    }

    [Fact]
    public void AVersionWithoutAFolderIsBadInput()
    {
        var ex = Assert.Throws<InputException>(() => LibTorchSetting.Resolve(null, "2.10.0", Environment()));
        Assert.Contains("no folder is given", ex.Message, StringComparison.Ordinal);
    }
}

using SvDecode.Eval.LibTorch;
using SvDecode.Eval.Tests.Support;
using Xunit;

namespace SvDecode.Eval.Tests.LibTorch;

/// <summary>Folder checks that run before anything is loaded; the libraries here are empty files.</summary>
public sealed class LibTorchFolderTests
{
    private static readonly LibTorchVersion Required = LibTorchVersion.TryParse("2.10.0.0", out var v) ? v : default;

    private static LibTorchSetting Setting(string path, string? version = null) => new(path, version, LibTorchSetting.Option);

    /// <summary>A LibTorch download's layout: libtorch/lib/*.so and libtorch/build-version.</summary>
    private static string Download(TempDirectory dir, string? buildVersion, params string[] libraries)
    {
        foreach (var library in libraries.Length > 0 ? libraries : [LibTorchFolder.CpuLibrary])
        {
            dir.File(Path.Combine("libtorch", "lib", library), "");
        }
        if (buildVersion is not null)
        {
            dir.File(Path.Combine("libtorch", "build-version"), buildVersion + "\n");
        }
        return dir.Combine("libtorch");
    }

    [Fact]
    public void AMissingFolderIsBadInputNamingIt()
    {
        using var dir = new TempDirectory();
        var missing = dir.Combine("nope");
        var ex = Assert.Throws<InputException>(() => LibTorchFolder.Open(Setting(missing), Required));
        Assert.Contains($"--libtorch {missing}: the folder {missing} does not exist", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AFolderWithoutLibTorchCpuIsNotALibTorchFolder()
    {
        using var dir = new TempDirectory();
        dir.File(Path.Combine("lib", "libc10.so"), "");
        var ex = Assert.Throws<InputException>(() => LibTorchFolder.Open(Setting(dir.Path), Required));
        Assert.Contains("not a LibTorch folder: there is no libtorch_cpu.so in " + dir.Path, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ADownloadIsFoundFromItsRootOrItsLibFolderAndReadsBuildVersion()
    {
        using var dir = new TempDirectory();
        var root = Download(dir, "2.10.0+cu128", LibTorchFolder.CpuLibrary, LibTorchFolder.CudaLibrary);
        foreach (var given in new[] { root, Path.Combine(root, "lib") })
        {
            var folder = LibTorchFolder.Open(Setting(given), Required);
            Assert.Equal(Path.Combine(root, "lib"), folder.LibDirectory);
            Assert.Equal("2.10.0+cu128", folder.Version.Text);
            Assert.Equal(Path.Combine(root, "build-version"), folder.VersionSource);
            Assert.True(folder.HasCuda);
        }
    }

    [Fact]
    public void APyTorchInstallationReadsTorchVersionPy()
    {
        using var dir = new TempDirectory();
        dir.File(Path.Combine("torch", "lib", LibTorchFolder.CpuLibrary), "");
        // As PyTorch 2.x writes it: an __all__ line, then annotated fields after __version__.
        dir.File(Path.Combine("torch", "version.py"), "from typing import Optional\n\n__all__ = ['__version__', 'debug', 'cuda']\n__version__ = '2.10.0+cu128'\ndebug = False\ncuda: Optional[str] = '12.8'\n");
        var folder = LibTorchFolder.Open(Setting(dir.Combine("torch", "lib")), Required);
        Assert.Equal("2.10.0+cu128", folder.Version.Text);
        Assert.Equal(dir.Combine("torch", "version.py"), folder.VersionSource);
        Assert.False(folder.HasCuda);
    }

    [Theory]
    [InlineData("2.9.1+cu128")]
    [InlineData("2.10.1")]
    [InlineData("2.11.0+cpu")]
    public void AnotherReleaseIsBadInputNamingTheFolderTheVersionFoundAndTheOneRequired(string found)
    {
        using var dir = new TempDirectory();
        var root = Download(dir, found);
        var ex = Assert.Throws<InputException>(() => LibTorchFolder.Open(Setting(root), Required));
        Assert.Contains($"{Path.Combine(root, "lib")} is LibTorch {found} (from {Path.Combine(root, "build-version")})", ex.Message, StringComparison.Ordinal);
        Assert.Contains("needs LibTorch 2.10.0", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NoVersionFileIsRefusedUnlessTheVersionIsStated()
    {
        using var dir = new TempDirectory();
        var root = Download(dir, buildVersion: null);
        var ex = Assert.Throws<InputException>(() => LibTorchFolder.Open(Setting(root), Required));
        Assert.Contains("no version file beside", ex.Message, StringComparison.Ordinal);
        Assert.Contains("--libtorch-version 2.10.0", ex.Message, StringComparison.Ordinal);

        var stated = LibTorchFolder.Open(Setting(root, "2.10.0"), Required);
        Assert.Equal("2.10.0", stated.Version.Text);
        Assert.Equal("--libtorch-version", stated.VersionSource);

        var wrong = Assert.Throws<InputException>(() => LibTorchFolder.Open(Setting(root, "2.9.0"), Required));
        Assert.Contains("is LibTorch 2.9.0", wrong.Message, StringComparison.Ordinal);
        Assert.Throws<InputException>(() => LibTorchFolder.Open(Setting(root, "latest"), Required));
    }

    [Fact]
    public void AStatedVersionThatContradictsTheVersionFileIsBadInput()
    {
        using var dir = new TempDirectory();
        var root = Download(dir, "2.10.0+cpu");
        var ex = Assert.Throws<InputException>(() => LibTorchFolder.Open(Setting(root, "2.9.0"), Required));
        Assert.Contains("--libtorch-version says 2.9.0, but", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnreadableVersionFileIsBadInputNamingIt()
    {
        using var dir = new TempDirectory();
        var root = Download(dir, "nightly");
        var ex = Assert.Throws<InputException>(() => LibTorchFolder.Open(Setting(root), Required));
        Assert.Contains($"{Path.Combine(root, "build-version")}: 'nightly' is not a LibTorch version", ex.Message, StringComparison.Ordinal);
    }
}

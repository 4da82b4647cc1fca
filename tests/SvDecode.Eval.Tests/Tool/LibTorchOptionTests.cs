using SvDecode.Eval.Hosting;
using SvDecode.Eval.LibTorch;
using SvDecode.Eval.Tests.Support;
using TorchSharp;
using Xunit;

namespace SvDecode.Eval.Tests.Tool;

/// <summary>
/// --libtorch mistakes found before anything is loaded, so they run in-process: exit code 2 and a message naming the
/// folder. The successful load runs the tool as a child process (LibTorch/LibTorchLauncherTests).
/// </summary>
public sealed class LibTorchOptionTests
{
    private static string Model => Path.Combine(SharedFiles.RepositoryRoot, "tests", "fixtures", "reference", "models", "ref-llama");

    private static Task<(int Code, string Out, string Error)> ProbeAsync(params string[] libtorch) =>
        CliRunner.RunAsync([.. libtorch, "probe", "--model", Model, "--input-ids", "1,2", "--json"]);

    [Fact]
    public async Task AMissingFolderIsExitCodeTwo()
    {
        using var dir = new TempDirectory();
        var (code, output, error) = await ProbeAsync(LibTorchSetting.Option, dir.Combine("absent"));
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Empty(output);
        Assert.Contains($"error: --libtorch {dir.Combine("absent")}: the folder {dir.Combine("absent")} does not exist", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnotherLibTorchReleaseIsExitCodeTwoNamingBothVersions()
    {
        using var dir = new TempDirectory();
        dir.File(Path.Combine("torch", "lib", LibTorchFolder.CpuLibrary), ""); // never loaded: the version check comes first
        dir.File(Path.Combine("torch", "version.py"), "__version__ = '2.9.1+cu128'\n");
        var (code, _, error) = await ProbeAsync(LibTorchSetting.Option, dir.Combine("torch", "lib"));
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains($"{dir.Combine("torch", "lib")} is LibTorch 2.9.1+cu128 (from {dir.Combine("torch", "version.py")}), but this svdecode-eval needs LibTorch 2.10.0", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AProcessThatAlreadyUsesTorchSharpRefusesAnotherLibTorch()
    {
        using var loaded = torch.ones(1); // this test host's own LibTorch is in use
        var (code, _, error) = await ProbeAsync(LibTorchSetting.Option, BundledLibTorch.Folder, LibTorchSetting.VersionOption, "2.10.0");
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("LibTorch is already loaded in this process", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HelpNeverLoadsTheFolder()
    {
        var (code, output, _) = await CliRunner.RunAsync(LibTorchSetting.Option, "/nonexistent", "probe", "--help");
        Assert.Equal(0, code);
        Assert.Contains("--libtorch <dir>", output, StringComparison.Ordinal);
    }
}

using SvDecode.Eval.Hosting;
using SvDecode.Eval.LibTorch;
using SvDecode.Eval.Tests.Support;
using Xunit;

namespace SvDecode.Eval.Tests.LibTorch;

/// <summary>
/// The real tool in a child process with a LibTorch folder made of copies of the CPU LibTorch beside it (distinct
/// files: glibc would share hard links, and then a stray load of the tool's own copy could not show). No CUDA LibTorch
/// can be had on this project's machines; docs/gpu.md says what that leaves untested.
/// </summary>
public sealed class LibTorchLauncherTests
{
    private const string MappedPrefix = "libtorch: mapped ";

    private static string Model => Path.Combine(SharedFiles.RepositoryRoot, "tests", "fixtures", "reference", "models", "ref-llama");

    /// <summary>A LibTorch download's layout: root/lib/ with what libtorch.so and libtorch_cpu.so need, root/build-version.</summary>
    private static string CopyLibTorch(TempDirectory dir)
    {
        var lib = dir.Combine("libtorch", "lib");
        Directory.CreateDirectory(lib);
        foreach (var file in Directory.EnumerateFiles(BundledLibTorch.Folder))
        {
            var name = Path.GetFileName(file);
            if (name is "libc10.so" or "libtorch.so" or LibTorchFolder.CpuLibrary || name.StartsWith("libgomp", StringComparison.Ordinal))
            {
                File.Copy(file, Path.Combine(lib, name));
            }
        }
        dir.File(Path.Combine("libtorch", "build-version"), "2.10.0+cpu\n");
        return dir.Combine("libtorch");
    }

    private static async Task<(int Code, string Out, string Error)> RunAsync(IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        using var tool = ToolProcess.StartWith(environment, args);
        Assert.True(await tool.WaitForExitAsync(TimeSpan.FromSeconds(120)), "still running after 120 s:\n" + tool.Stderr);
        return (tool.ExitCode, tool.Stdout, tool.Stderr);
    }

    /// <summary>The LibTorch files the child reported as mapped when its command was done (its /proc/self/maps).</summary>
    private static List<string> Mapped(string stderr)
    {
        var line = stderr.Split('\n').Select(l => l.TrimEnd('\r')).SingleOrDefault(l => l.StartsWith(MappedPrefix, StringComparison.Ordinal));
        Assert.True(line is not null, "no '" + MappedPrefix + "' line:\n" + stderr);
        return [.. line[MappedPrefix.Length..line.IndexOf("; LibTorchSharp ", StringComparison.Ordinal)].Split(", ")];
    }

    [Fact]
    public async Task TheChosenFolderIsTheOnlyLibTorchTheToolMapsAndTheOutputIsUnchanged()
    {
        using var dir = new TempDirectory();
        var root = CopyLibTorch(dir);
        var lib = MappedLibraries.Canonical(Path.Combine(root, "lib"));
        string[] probe = ["probe", "--model", Model, "--input-ids", "1,5,9,2", "--target-ids", "3,4", "--generate", "4", "--json"];
        var none = new Dictionary<string, string?> { [LibTorchSetting.Variable] = null, [LibTorchSetting.VersionVariable] = null };

        var baseline = await RunAsync(none, probe);
        Assert.True(baseline.Code == 0, baseline.Error);
        Assert.DoesNotContain("libtorch:", baseline.Error, StringComparison.Ordinal);

        // The option (before or after the command: it is global) with the download's root, and the variable with its lib folder.
        var withOption = await RunAsync(none, [.. probe, LibTorchSetting.Option, root]);
        var withVariable = await RunAsync(new Dictionary<string, string?> { [LibTorchSetting.Variable] = Path.Combine(root, "lib") }, probe);
        foreach (var (code, output, error) in new[] { withOption, withVariable })
        {
            Assert.True(code == 0, error);
            Assert.Equal(baseline.Out, output);
            Assert.Contains($"libtorch: LibTorch 2.10.0+cpu from {Path.Combine(root, "lib")} (CPU only", error, StringComparison.Ordinal);
            var mapped = Mapped(error);
            Assert.Contains(Path.Combine(lib, LibTorchFolder.CpuLibrary), mapped);
            Assert.Contains(Path.Combine(lib, "libc10.so"), mapped);
            Assert.Contains(Path.Combine(lib, "libtorch.so"), mapped);
            Assert.All(mapped, path => Assert.Equal(lib, Path.GetDirectoryName(path)));
            Assert.DoesNotContain(BundledLibTorch.Folder + "/libtorch", error, StringComparison.Ordinal);
            Assert.DoesNotContain(BundledLibTorch.Folder + "/libc10", error, StringComparison.Ordinal);
        }

        // A library that cannot load is bad input naming it, with the loader's reason.
        foreach (var gomp in Directory.EnumerateFiles(Path.Combine(root, "lib"), "libgomp*"))
        {
            File.Delete(gomp);
        }
        var broken = await RunAsync(none, [.. probe, LibTorchSetting.Option, root]);
        Assert.Equal(ExitCodes.BadInput, broken.Code);
        Assert.Contains($"error: --libtorch {root}: {Path.Combine(root, "lib", LibTorchFolder.CpuLibrary)} failed to load: libgomp", broken.Error, StringComparison.Ordinal);
        Assert.True(string.IsNullOrWhiteSpace(broken.Out), broken.Out);
    }
}

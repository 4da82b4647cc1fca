using SvDecode.Eval.Hosting;
using SvDecode.Eval.Pipeline;
using SvDecode.Eval.Results;
using SvDecode.Eval.Tests.Support;
using SvDecode.Eval.Tool.Cli;
using Xunit;

namespace SvDecode.Eval.Tests.Tool;

/// <summary>
/// The README's install section as a new user follows it, on the packed tool: pack, install from the folder, `init`,
/// then the very command `init` printed, run by a shell. Minutes long (a Release build and the whole quickstart): the
/// one test that proves the installed package needs nothing from the repository.
/// </summary>
public sealed class PackedToolTests
{
    [Fact]
    public async Task TheInstalledToolWritesTheQuickstartStudyAndRunsTheCommandItPrints()
    {
        using var dir = new TempDirectory();
        var feed = dir.Combine("nupkg");
        var tools = dir.Combine("tools");
        var study = dir.Combine("my-study");

        // Own artifacts path: the Release build must not touch the bin/ and obj/ of the build running these tests.
        var pack = await ChildProcess.RunAsync("dotnet",
            ["pack", Path.Combine(SharedFiles.RepositoryRoot, "tool"), "-c", "Release", "-o", feed, "--artifacts-path", dir.Combine("artifacts"), "--disable-build-servers"]);
        Assert.True(pack.ExitCode == 0, pack.Printed);

        // Own packages folder: a svdecode-eval of the same version cached by an earlier install must not stand in for this one.
        var install = await ChildProcess.RunAsync("dotnet", ["tool", "install", "--tool-path", tools, "svdecode-eval", "--add-source", feed],
            new Dictionary<string, string?> { ["NUGET_PACKAGES"] = dir.Combine("packages") });
        Assert.True(install.ExitCode == 0, install.Printed);

        // Run from an unrelated folder, so nothing can be found relative to the repository.
        var init = await ChildProcess.RunAsync(Path.Combine(tools, "svdecode-eval"), ["init", study], workingDirectory: dir.Path);
        Assert.True(init.ExitCode == 0, init.Printed);
        var printed = Assert.Single(init.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));

        var run = await ChildProcess.RunAsync("bash", ["-c", printed],
            new Dictionary<string, string?> { ["PATH"] = tools + ":" + Environment.GetEnvironmentVariable("PATH"), ["CI"] = "true" },
            workingDirectory: dir.Path);

        Assert.True(run.ExitCode == 0, run.Printed);
        Assert.Contains("| lora | mc1 |", run.Stdout, StringComparison.Ordinal);
        var results = Engine.TestRunHost.ReadResults(Path.Combine(study, "runs", "quickstart"));
        Assert.Equal(RunStatus.Complete, results.Status);
        using var services = CliServices.Catalog();
        var (written, _) = PipelineLoader.Validate(Path.Combine(study, "pipelines", "quickstart.yaml"), [], services.Catalog());
        Assert.Equal(MatrixCell.Expand(written!.Spec).Select(c => c.Id), results.Cells.Select(c => c.Id));
        Assert.NotEmpty(results.Manifest.Inputs);
        Assert.All(results.Manifest.Inputs, input => Assert.StartsWith(study, input.Path, StringComparison.Ordinal));
    }
}

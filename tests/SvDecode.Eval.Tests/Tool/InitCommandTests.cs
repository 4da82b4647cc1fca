using SvDecode.Eval.Hosting;
using SvDecode.Eval.Pipeline;
using SvDecode.Eval.Tests.Support;
using SvDecode.Eval.Tool.Cli;
using Xunit;

namespace SvDecode.Eval.Tests.Tool;

/// <summary>`init` writes the repository's quickstart study (pipeline, demo data, demo model) and refuses to overwrite it.</summary>
public sealed class InitCommandTests
{
    // The one home of each file the tool carries, relative to the repository root and to the study folder alike.
    private static IEnumerable<string> RepositoryStudyFiles() =>
        new[] { "pipelines/quickstart.yaml" }
            .Concat(Directory.GetFiles(Path.Combine(SharedFiles.RepositoryRoot, "pipelines", "data", "demo")).Select(Relative))
            .Concat(Directory.GetFiles(Path.Combine(SharedFiles.RepositoryRoot, "models", "demo")).Select(Relative))
            .Order(StringComparer.Ordinal);

    private static string Relative(string path) => Path.GetRelativePath(SharedFiles.RepositoryRoot, path).Replace('\\', '/');

    [Fact]
    public async Task WritesTheRepositorysQuickstartByteForByteAndPrintsTheCommandThatRunsIt()
    {
        using var dir = new TempDirectory();
        var study = dir.Combine("study");

        var (code, output, error) = await CliRunner.RunAsync("init", study);

        Assert.True(code == 0, error);
        var written = Directory.GetFiles(study, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(study, f)).Order(StringComparer.Ordinal);
        Assert.Equal(RepositoryStudyFiles(), written);
        Assert.All(RepositoryStudyFiles(), file =>
            Assert.True(File.ReadAllBytes(Path.Combine(SharedFiles.RepositoryRoot, file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(study, file))), file));
        Assert.Equal($"svdecode-eval run {study}/pipelines/quickstart.yaml --output {study}/runs/quickstart\n", output);
    }

    [Fact]
    public async Task TheWrittenPipelineValidatesAgainstTheWrittenModelAndData()
    {
        using var dir = new TempDirectory();
        var study = dir.Combine("study");
        Assert.Equal(0, (await CliRunner.RunAsync("init", study)).Code);

        using var services = CliServices.Catalog();
        var (document, diagnostics) = PipelineLoader.Validate(Path.Combine(study, "pipelines", "quickstart.yaml"), [], services.Catalog());

        Assert.True(document is not null, string.Join("\n", diagnostics));
        Assert.Equal(Path.Combine(study, "models", "demo"), document.Resolve(document.Spec.Model.Path));
        Assert.All(document.Spec.Benchmarks, b => Assert.StartsWith(Path.Combine(study, "pipelines", "data", "demo"), document.Resolve(b.Data), StringComparison.Ordinal));
    }

    /// <summary>A study init wrote into <paramref name="dir"/>, whose pipeline the user has since edited.</summary>
    private static async Task<(string Study, string Pipeline)> StudyWithAnEditedPipelineAsync(TempDirectory dir)
    {
        var study = dir.Combine("study");
        Assert.Equal(0, (await CliRunner.RunAsync("init", study)).Code);
        var pipeline = Path.Combine(study, "pipelines", "quickstart.yaml");
        File.WriteAllText(pipeline, "edited by the user");
        return (study, pipeline);
    }

    [Fact]
    public async Task RefusesToOverwriteWithoutForceAndWritesNothing()
    {
        using var dir = new TempDirectory();
        var (study, pipeline) = await StudyWithAnEditedPipelineAsync(dir);
        File.Delete(Path.Combine(study, "models", "demo", "config.json"));

        var (code, output, error) = await CliRunner.RunAsync("init", study);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Empty(output);
        Assert.Contains($"{study}/models/demo/model.safetensors: exists (and 8 more of the 10 files init writes); nothing was written. --force", error, StringComparison.Ordinal);
        Assert.Equal("edited by the user", File.ReadAllText(pipeline));
        Assert.False(File.Exists(Path.Combine(study, "models", "demo", "config.json")));
    }

    [Fact]
    public async Task ForceOverwritesTheStudyFilesAndKeepsEveryOtherFile()
    {
        using var dir = new TempDirectory();
        var (study, pipeline) = await StudyWithAnEditedPipelineAsync(dir);
        var notes = dir.File("study/pipelines/notes.md", "mine");

        var (code, _, error) = await CliRunner.RunAsync("init", study, "--force");

        Assert.True(code == 0, error);
        Assert.Contains("(10 overwritten)", error, StringComparison.Ordinal);
        Assert.Equal(File.ReadAllText(Path.Combine(SharedFiles.RepositoryRoot, "pipelines", "quickstart.yaml")), File.ReadAllText(pipeline));
        Assert.Equal("mine", File.ReadAllText(notes));
        Assert.Empty(Directory.GetFiles(study, "*.partial", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task AnExistingFolderWithoutTheStudyFilesIsWrittenInto()
    {
        using var dir = new TempDirectory();
        var notes = dir.File("README.txt", "mine");

        var (code, _, error) = await CliRunner.RunAsync("init", dir.Path);

        Assert.True(code == 0, error);
        Assert.True(File.Exists(dir.Combine("pipelines", "quickstart.yaml")));
        Assert.Equal("mine", File.ReadAllText(notes));
    }

    [Fact]
    public async Task AFileInPlaceOfTheFolderIsBadInput()
    {
        using var dir = new TempDirectory();
        var file = dir.File("study", "not a folder");

        var (code, _, error) = await CliRunner.RunAsync("init", file);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains($"{file}: is a file", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("my study")]
    [InlineData("it's/here")]
    [InlineData("plain")]
    public async Task ThePrintedCommandSurvivesAShellWhateverTheFolderName(string folder)
    {
        var line = InitCommand.RunCommandLine(folder);

        // The shell's own word splitting, not ours, decides what the user's command line means.
        var words = await ChildProcess.RunAsync("bash", ["-c", "printf '%s\\n' " + line]);

        Assert.Equal(0, words.ExitCode);
        Assert.Equal(["svdecode-eval", "run", $"{folder}/pipelines/quickstart.yaml", "--output", $"{folder}/runs/quickstart"],
            words.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void InTheCurrentFolderThePipelinesOwnRunDirectoryIsAlreadyInsideTheStudy()
    {
        Assert.Equal("svdecode-eval run pipelines/quickstart.yaml", InitCommand.RunCommandLine("."));
    }
}

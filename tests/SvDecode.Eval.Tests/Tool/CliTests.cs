using Snapshooter;
using Snapshooter.Xunit;
using SvDecode.Eval.Hosting;
using SvDecode.Eval.Tests.Pipeline;
using SvDecode.Eval.Tests.Support;
using SvDecode.Eval.Tool.Cli;
using Xunit;

namespace SvDecode.Eval.Tests.Tool;

public sealed class CliTests
{
    [Theory]
    [InlineData("root", "--help")]
    [InlineData("run", "run --help")]
    [InlineData("validate", "validate --help")]
    [InlineData("list", "list --help")]
    [InlineData("probe", "probe --help")]
    [InlineData("compare", "compare --help")]
    [InlineData("calibrate", "calibrate --help")]
    [InlineData("pretrain", "pretrain --help")]
    [InlineData("bench", "bench --help")]
    [InlineData("inspect", "inspect --help")]
    [InlineData("merge", "merge --help")]
    [InlineData("init", "init --help")]
    public async Task HelpMatchesTheSnapshot(string name, string commandLine)
    {
        var (code, output, _) = await CliRunner.RunAsync(commandLine.Split(' '));
        Assert.Equal(0, code);
        Snapshot.Match(output, SnapshotNameExtension.Create(name));
    }

    [Fact]
    public async Task VersionPrintsTheToolVersion()
    {
        var (code, output, _) = await CliRunner.RunAsync("--version");
        Assert.Equal(0, code);
        Assert.StartsWith(ToolInfo.Version, output.Trim(), StringComparison.Ordinal);
    }

    private static IReadOnlyList<string> CommandNames() =>
        CliApp.Build(new CliConsole(TextWriter.Null, TextWriter.Null)).Subcommands.Select(c => c.Name).ToList();

    [Fact]
    public async Task TheBareCommandNamesEveryCommand()
    {
        var (code, output, error) = await CliRunner.RunAsync();
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Empty(output);
        Assert.Contains("inspect", CommandNames());
        Assert.All(CommandNames(), name => Assert.Matches($@"A command is required: .*\b{name}\b", error));
    }

    [Fact]
    public void TheReadmesCommandListNamesEveryCommand()
    {
        var readme = File.ReadAllText(Path.Combine(SharedFiles.RepositoryRoot, "README.md"));
        var section = readme[readme.IndexOf("\n## Commands\n", StringComparison.Ordinal)..];
        var block = section[(section.IndexOf("```", StringComparison.Ordinal) + 3)..];
        var lines = block[..block.IndexOf("```", StringComparison.Ordinal)].Split('\n');
        Assert.All(CommandNames(), name => Assert.Contains(lines, line => line.StartsWith($"{CliApp.CommandName} {name} ", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("run")]
    [InlineData("list models")]
    [InlineData("run p.yaml --limit 0")]
    [InlineData("run p.yaml --no-such-option")]
    public async Task UsageErrorsExitWithTwo(string commandLine)
    {
        var (code, _, error) = await CliRunner.RunAsync(commandLine.Split(' '));
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.NotEmpty(error);
    }

    [Theory]
    [MemberData(nameof(BrokenPipelineTests.Files), MemberType = typeof(BrokenPipelineTests))]
    public async Task ValidateRejectsEveryBrokenFileWithExitCodeTwoNamingLineAndColumn(string file)
    {
        var path = Path.Combine(BrokenPipelineTests.Folder, file);
        var (code, output, error) = await CliRunner.RunAsync("validate", path);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Empty(output);
        Assert.Matches($@"^{System.Text.RegularExpressions.Regex.Escape(path)}:\d+:\d+: ", error);
    }

    [Fact]
    public async Task ValidateAcceptsAGoodFileAndSummarisesTheMatrix()
    {
        using var dir = new TempDirectory();
        var (code, output, error) = await CliRunner.RunAsync("validate", TestPipelines.WriteMultiCell(dir));
        Assert.True(code == 0, error);
        Assert.Contains("valid. 4 cell(s) (lora, lora+svdecode, ia3, ia3+svdecode) x 2 benchmark(s) (jsonl, jsonl-again)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMissingPipelineFileIsBadInput()
    {
        var (code, _, error) = await CliRunner.RunAsync("validate", "/no/such/pipeline.yaml");
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("/no/such/pipeline.yaml:1:1: pipeline file not found", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListStagesShowsTheRegisteredStagesInOrder()
    {
        var (code, output, _) = await CliRunner.RunAsync("list", "stages");
        Assert.Equal(0, code);
        var names = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')[0]).ToList();
        Assert.Equal("dataset", names[0]);
        Assert.Equal("report", names[^1]);
    }

    [Fact]
    public async Task ListBenchmarksAndPeftShowEveryEntry()
    {
        var (_, benchmarks, _) = await CliRunner.RunAsync("list", "benchmarks");
        foreach (var name in new[] { "truthfulqa_mc", "truthfulqa_gen", "boolq", "piqa", "siqa", "hellaswag", "winogrande", "arc_easy", "arc_challenge", "openbookqa", "mmlu", "jsonl" })
        {
            Assert.Contains($"\n{name} ", "\n" + benchmarks, StringComparison.Ordinal);
        }
        var (_, peft, _) = await CliRunner.RunAsync("list", "peft");
        Assert.Equal(["none", "lora", "ia3", "prompt_tuning", "prefix_tuning"], peft.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')[0]));
    }

    [Fact]
    public async Task RunWritesResultsAndPrintsTheReportOnStdout()
    {
        using var dir = new TempDirectory();
        var pipeline = TestPipelines.WriteMultiCell(dir);
        var output = dir.Combine("out");

        var (code, stdout, stderr) = await CliRunner.RunAsync("run", pipeline, "--output", output, "--set", "matrix.peft=[ia3]", "--limit", "1");

        Assert.True(code == 0, stderr);
        var results = Engine.TestRunHost.ReadResults(output);
        Assert.Equal(["ia3", "ia3+svdecode"], results.Cells.Select(c => c.Id));
        Assert.Equal(1, results.Manifest.Limit);
        Assert.Equal(["matrix.peft=[ia3]"], results.Manifest.Overrides);
        Assert.All(results.Cells.SelectMany(c => c.Benchmarks), b => Assert.Equal(1, b.Diagnostics["items_test"]));
        Assert.StartsWith("# multi", stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(output, "report.md")));
    }
}

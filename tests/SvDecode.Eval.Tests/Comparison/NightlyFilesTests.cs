using SvDecode.Eval.Tests.Support;
using SvDecode.Eval.Tool.Cli;
using Xunit;

namespace SvDecode.Eval.Tests.Comparison;

/// <summary>
/// The nightly pipeline validates, and the two CI files cannot rot: every svdecode-eval command they run parses with
/// the tool's own command line (so a renamed command or option fails here, not at 02:17 on a runner), every
/// repository file they name exists, and they run the pipeline with --log-items and the gate with --exact.
/// </summary>
public sealed class NightlyFilesTests
{
    private const string GitHubFile = ".github/workflows/nightly.yml";

    private const string AzureFile = ".azure-pipelines/nightly.yml";

    public static TheoryData<string> CiFiles => [GitHubFile, AzureFile];

    private static string InRepository(string relative) => Path.Combine(SharedFiles.RepositoryRoot, relative);

    [Fact]
    public async Task TheNightlyPipelineValidates()
    {
        var (code, output, error) = await CliRunner.RunAsync("validate", InRepository("pipelines/nightly.yaml"));
        Assert.True(code == 0, error);
        Assert.Contains("4 cell(s)", output + error, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(CiFiles))]
    public void EveryToolCommandParsesAndEveryRepositoryFileItNamesExists(string file)
    {
        var invocations = ToolInvocations(file);

        Assert.NotEmpty(invocations);
        foreach (var arguments in invocations)
        {
            var parse = CliApp.Build(new CliConsole(TextWriter.Null, TextWriter.Null)).Parse(arguments);
            Assert.True(parse.Errors.Count == 0, $"{file}: `svdecode-eval {string.Join(' ', arguments)}`: {string.Join("; ", parse.Errors.Select(e => e.Message))}");
            foreach (var path in arguments.Where(a => a.StartsWith("pipelines/", StringComparison.Ordinal)))
            {
                Assert.True(File.Exists(InRepository(path)), $"{file}: `{string.Join(' ', arguments)}` names {path}, which is not in the repository");
            }
        }
    }

    [Theory]
    [MemberData(nameof(CiFiles))]
    public void ItRunsTheNightlyWithItemLogsAndGatesOnTheCommittedBaselineWithExact(string file)
    {
        var invocations = ToolInvocations(file);

        Assert.Contains(invocations, a => a is ["run", "pipelines/nightly.yaml", ..] && a.Contains("--log-items"));
        var compares = invocations.Where(a => a is ["compare", ..]).ToList();
        Assert.NotEmpty(compares);
        Assert.All(compares, a => Assert.Equal(("pipelines/baselines/nightly/results.json", true, true), (a[1], a.Contains("--exact"), a.Contains("--max-drop"))));
        // The first-run switch reaches compare as --allow-missing-baseline in one variant, and only there.
        Assert.Contains(compares, a => a.Contains("--allow-missing-baseline"));
        Assert.Contains(compares, a => !a.Contains("--allow-missing-baseline"));
        Assert.True(File.Exists(InRepository("pipelines/baselines/nightly/item_scores.jsonl")), "--exact needs the baseline's per-item scores");
    }

    [Theory]
    [MemberData(nameof(CiFiles))]
    public void ItBuildsTheSolutionWithTheSdkGlobalJsonPins(string file)
    {
        var root = WorkflowFile.Load(InRepository(file));
        var commands = WorkflowFile.Steps(root).SelectMany(WorkflowFile.Commands).ToList();

        Assert.Contains("dotnet restore SvDecode.Eval.sln", commands);
        Assert.Contains("dotnet build SvDecode.Eval.sln -c Release --no-restore", commands);
        Assert.True(File.Exists(InRepository("SvDecode.Eval.sln")));
        var text = File.ReadAllText(InRepository(file));
        Assert.Contains(file.StartsWith(".github", StringComparison.Ordinal) ? "global-json-file: global.json" : "useGlobalJson: true", text, StringComparison.Ordinal);
    }

    [Fact]
    public void BothCiFilesAndTheUpdateScriptCapLibTorchsKernelsAlike()
    {
        var github = WorkflowFile.Environment(WorkflowFile.Load(InRepository(GitHubFile)));
        var azure = WorkflowFile.Environment(WorkflowFile.Load(InRepository(AzureFile)));
        var exports = File.ReadLines(InRepository("pipelines/baselines/update-nightly.sh"))
            .Single(l => l.StartsWith("export ", StringComparison.Ordinal))["export ".Length..]
            .Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(a => a.Split('=', 2)).ToDictionary(a => a[0], a => a[1]);

        Assert.Equal("avx2", github["ATEN_CPU_CAPABILITY"]);
        Assert.Equal(github, azure);
        Assert.Equal(github, new SortedDictionary<string, string>(exports, StringComparer.Ordinal));
    }

    /// <summary>The CPU kernel caps the nightly runs with (the GitHub workflow's job environment).</summary>
    public static IReadOnlyDictionary<string, string> KernelCaps() => WorkflowFile.Environment(WorkflowFile.Load(InRepository(GitHubFile)));

    private static List<string[]> ToolInvocations(string file) =>
        [.. WorkflowFile.Steps(WorkflowFile.Load(InRepository(file))).SelectMany(WorkflowFile.Commands).Select(WorkflowFile.ToolArguments).OfType<string[]>()];
}

using SvDecode.Eval.Hosting;
using SvDecode.Eval.Tests.Support;
using Xunit;

namespace SvDecode.Eval.Tests.Tool;

public sealed class InspectCommandTests
{
    private static string Demo(string file) => Path.Combine(SharedFiles.RepositoryRoot, "pipelines", "data", "demo", file);

    [Fact]
    public async Task InspectCountsItemsAndShowsRenderedPrompts()
    {
        var (code, output, error) = await CliRunner.RunAsync("inspect", "jsonl", "--data", Demo("demo-commonsense-test.jsonl"), "--train-data", Demo("demo-commonsense-train.jsonl"), "--n", "2");
        Assert.True(code == 0, error);
        Assert.Contains("400", output, StringComparison.Ordinal);
        Assert.Contains("320", output, StringComparison.Ordinal);
        Assert.Contains("What color is the kopol?", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownBenchmarkIsBadInputWithASuggestion()
    {
        var (code, _, error) = await CliRunner.RunAsync("inspect", "jsnol", "--data", Demo("demo-commonsense-test.jsonl"));
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("Did you mean 'jsonl'?", error, StringComparison.Ordinal);
    }
}

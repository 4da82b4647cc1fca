using SvDecode.Eval.Tests.Support;
using Xunit;

namespace SvDecode.Eval.Tests.Tool;

public sealed class ListTemplatesTests
{
    [Fact]
    public async Task ListTemplatesShowsEveryBuiltInTemplateWithItsVersionAndTheBenchmarksUsingIt()
    {
        var (code, output, error) = await CliRunner.RunAsync("list", "templates");
        Assert.True(code == 0, error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(6, lines.Length);
        Assert.Contains(lines, l => l.StartsWith("mmlu-standard ", StringComparison.Ordinal) && l.Contains("v1: ", StringComparison.Ordinal) && l.EndsWith("Default of: mmlu.", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("commonsense-llm-adapters ", StringComparison.Ordinal) && l.Contains("boolq", StringComparison.Ordinal) && l.Contains("hellaswag", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("truthfulqa-judge-truth ", StringComparison.Ordinal) && !l.Contains("Default of", StringComparison.Ordinal));
    }
}

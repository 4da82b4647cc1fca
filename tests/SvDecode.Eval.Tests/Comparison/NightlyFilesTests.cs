using SvDecode.Eval.Tests.Support;
using Xunit;
using YamlDotNet.RepresentationModel;

namespace SvDecode.Eval.Tests.Comparison;

/// <summary>The nightly pipeline validates, and the example CI workflows are YAML that run the run and the gate.</summary>
public sealed class NightlyFilesTests
{
    [Fact]
    public async Task TheNightlyPipelineValidates()
    {
        var (code, output, error) = await CliRunner.RunAsync("validate", Path.Combine(SharedFiles.RepositoryRoot, "pipelines", "nightly.yaml"));
        Assert.True(code == 0, error);
        Assert.Contains("4 cell(s)", output + error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("github-actions-nightly.yml")]
    [InlineData("azure-pipelines-nightly.yml")]
    public void TheExampleWorkflowIsYamlThatRunsAndCompares(string file)
    {
        var path = Path.Combine(SharedFiles.RepositoryRoot, "docs", "ci", file);
        var yaml = new YamlStream();
        using (var reader = new StreamReader(path))
        {
            yaml.Load(reader);
        }
        Assert.IsType<YamlMappingNode>(Assert.Single(yaml.Documents).RootNode);
        var text = File.ReadAllText(path);
        Assert.Contains("run pipelines/nightly.yaml", text, StringComparison.Ordinal);
        Assert.Contains("--log-items", text, StringComparison.Ordinal);
        Assert.Contains("-- compare ", text, StringComparison.Ordinal);
    }
}

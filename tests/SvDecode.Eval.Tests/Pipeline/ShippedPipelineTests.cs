using SvDecode.Eval.Hosting;
using SvDecode.Eval.Pipeline;
using SvDecode.Eval.Tests.Support;
using SvDecode.Eval.Tool.Cli;
using Xunit;

namespace SvDecode.Eval.Tests.Pipeline;

/// <summary>The pipelines shipped in pipelines/ stay valid as the schema evolves.</summary>
public sealed class ShippedPipelineTests
{
    private static string Shipped(string name) => Path.Combine(SharedFiles.RepositoryRoot, "pipelines", name);

    /// <summary>The quickstart, the nightly and every study pipeline: all run on the bundled models and data.</summary>
    private static IEnumerable<string> RunnableNames() =>
        ["quickstart.yaml", "nightly.yaml", .. Directory.GetFiles(Shipped("study"), "*.yaml").Select(f => "study/" + Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    public static TheoryData<string> Runnable() => new(RunnableNames());

    [Fact]
    public void TheFiveStudiesAndTheQuickCheckAreShipped() =>
        Assert.Equal(
            ["study/aggregates.yaml", "study/alpha-mask.yaml", "study/budget.yaml", "study/decoding-baselines.yaml", "study/mu-sweep.yaml", "study/quick-check.yaml"],
            RunnableNames().Skip(2));

    [Theory]
    [MemberData(nameof(Runnable))]
    public void RunnablePipelinesValidateAsShipped(string name)
    {
        using var services = CliServices.Catalog();
        var (document, diagnostics) = PipelineLoader.Validate(Shipped(name), [], services.Catalog());
        Assert.True(document is not null, string.Join("\n", diagnostics));
    }

    [Theory]
    [InlineData("truthfulqa-lora-qwen2.5-1.5b.yaml")]
    [InlineData("commonsense-lora-qwen2.5-1.5b.yaml")]
    [InlineData("commonsense-decoding-baselines.yaml")]
    public void RealModelExamplesAreValidApartFromTheFilesTheUserBrings(string name)
    {
        using var services = CliServices.Catalog();
        var (_, diagnostics) = PipelineLoader.Validate(Shipped(name), [], services.Catalog());
        // Only "not found" problems for the user's own model folder and data files: the schema itself is right.
        Assert.All(diagnostics, d => Assert.Contains("not found", d.Message, StringComparison.Ordinal));
    }
}

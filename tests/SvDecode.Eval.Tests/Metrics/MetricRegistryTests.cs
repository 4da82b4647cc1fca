using SvDecode.Eval.Metrics;
using Xunit;

namespace SvDecode.Eval.Tests.Metrics;

public sealed class MetricRegistryTests
{
    [Fact]
    public void EveryMetricTheEvaluatorReportsIsRegisteredWithADescription()
    {
        string[] expected =
        [
            "mc1", "mc2", "mc3", "mc_avg", "acc", "acc_norm", "gen_acc", "unparsable", "bleu_diff", "bleu_acc",
            "rouge1_diff", "rouge1_acc", "rouge2_diff", "rouge2_acc", "rougeL_diff", "rougeL_acc", "truth", "info", "truth_info",
        ];
        Assert.Equal(expected, MetricRegistry.Names);
        Assert.All(MetricRegistry.Metrics, m => Assert.False(string.IsNullOrWhiteSpace(m.Description)));
        Assert.False(MetricRegistry.Get("unparsable").HigherIsBetter);
        Assert.True(MetricRegistry.TryGet("mc2", out var mc2));
        Assert.Equal("truthfulqa-mc", mc2.Family);
    }

    [Theory]
    [InlineData("acc_nrom", "Unknown metric 'acc_nrom'. Did you mean 'acc_norm'?")]
    [InlineData("MC1", "Did you mean 'mc1'?")]
    [InlineData("rougel_acc", "Did you mean 'rougeL_acc'?")]
    public void UnknownNamesGetASuggestion(string name, string expected)
    {
        var error = Assert.Throws<InputException>(() => MetricRegistry.Get(name, "pipeline.yaml: metrics"));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void FarOffNamesGetNoSuggestion()
    {
        var error = Assert.Throws<InputException>(() => MetricRegistry.Get("perplexity"));
        Assert.DoesNotContain("Did you mean", error.Message);
    }
}

using SvDecode.Eval.Metrics;
using Xunit;

namespace SvDecode.Eval.Tests.Metrics;

public sealed class QuantilesTests
{
    [Fact]
    public void MedianIsNumpyStyle()
    {
        Assert.Equal(2.0, Quantiles.Median([3.0, 1.0, 2.0]));
        Assert.Equal(3.5, Quantiles.Median([1.0, 5.0, 2.0, 10.0]));
        Assert.Equal(0.25 * 1 + 0.75 * 2, Quantiles.Quantile([1.0, 2.0, 3.0, 4.0, 5.0], 0.1875));
        Assert.True(double.IsNaN(Quantiles.Median([])));
    }

    [Fact]
    public void NameSuggestionUsesEditDistance()
    {
        Assert.Equal(1, NameSuggester.Distance("acc_nrom", "acc_norm"));   // one transposition
        Assert.Equal(3, NameSuggester.Distance("kitten", "sitting"));
        Assert.Equal("median", NameSuggester.Suggest("medain", ["mean", "median"]));
        Assert.Null(NameSuggester.Suggest("xyz", ["mean", "median"]));
    }
}

using SvDecode.Eval.Steering;
using Xunit;

namespace SvDecode.Eval.Tests.Steering;

public sealed class StrengthReportBuilderTests
{
    private static TokenStrength Token(double mu, StrengthSkipReason skip = StrengthSkipReason.None) =>
        new(mu, mu, 1.0, KeptCount: 3, GoldKept: true, skip);

    [Fact]
    public void HandComputedAggregates()
    {
        // μ* = (0, 1, 2, 100): mean 25.75; numpy median 1.5; MAD = median(|μ − 1.5|) = median(1.5, .5, .5, 98.5) = 1,
        // default τ = 3 × 1.4826 × 1 = 4.4478 keeps {0, 1, 2} → trimmed 1.0. With num = μ and den = 1, ratio = 25.75.
        var tokens = new[] { Token(0), Token(1), Token(2), Token(100) };
        var report = StrengthReportBuilder.Report(tokens, StrengthAggregation.Mean);
        Assert.Equal(25.75, report.MuBar, 12);
        Assert.Equal("mean", report.Aggregate);
        Assert.Equal(1.5, report.Aggregates.Median, 12);
        Assert.Equal(1.0, report.Aggregates.Trimmed, 12);
        Assert.Equal(3 * 1.4826, report.Aggregates.TrimTau, 12);
        Assert.Equal(3, report.Aggregates.TrimmedCount);
        Assert.Equal(25.75, report.Aggregates.Ratio, 9);
        Assert.Equal(0.0, report.FractionNegative);
        Assert.Equal(0.0, report.Min);
        Assert.Equal(100.0, report.Max);

        Assert.Equal(1.5, StrengthReportBuilder.Report(tokens, StrengthAggregation.Parse("median")).MuBar, 12);
        Assert.Equal(1.0, StrengthReportBuilder.Report(tokens, StrengthAggregation.Parse("trimmed")).MuBar, 12);
        Assert.Equal(1.5, StrengthReportBuilder.Report(tokens, StrengthAggregation.Parse("trimmed: 1")).MuBar, 12);   // keeps {1, 2}
        Assert.Equal(25.75, StrengthReportBuilder.Report(tokens, StrengthAggregation.Parse("ratio")).MuBar, 9);
        var fixedReport = StrengthReportBuilder.Report(tokens, StrengthAggregation.Parse("fixed:-2.5"));
        Assert.Equal(-2.5, fixedReport.MuBar);
        Assert.Equal("fixed:-2.5", fixedReport.Aggregate);
        Assert.Equal(25.75, fixedReport.Aggregates.Mean, 12);   // every aggregate is still reported
    }

    [Fact]
    public void RatioPoolsNumeratorsAndDenominators()
    {
        // Token A: num 1, den 1 (μ* = 1); token B: num −1, den 100 (μ* = −0.01). Ratio = 0 / 101 = 0; mean = 0.495.
        var tokens = new[]
        {
            new TokenStrength(1.0, 1.0, 1.0, 2, true, StrengthSkipReason.None),
            new TokenStrength(-0.01, -1.0, 100.0, 2, true, StrengthSkipReason.None),
        };
        var report = StrengthReportBuilder.Report(tokens, StrengthAggregation.Parse("ratio"));
        Assert.Equal(0.0, report.MuBar, 12);
        Assert.Equal(0.495, report.Aggregates.Mean, 12);
        Assert.Equal(0.5, report.FractionNegative);
    }

    [Fact]
    public void SkippedTokensAreCountedButNotAggregated()
    {
        var tokens = new[]
        {
            Token(1), Token(-3), Token(1000, StrengthSkipReason.SmallDelta), Token(double.NaN, StrengthSkipReason.NonFinite),
        };
        var report = StrengthReportBuilder.Report(tokens, StrengthAggregation.Mean);
        Assert.Equal(4, report.TokensTotal);
        Assert.Equal(2, report.TokensUsed);
        Assert.Equal(2, report.TokensSkipped);
        Assert.Equal(1, report.TokensSkippedSmallDelta);
        Assert.Equal(1, report.TokensSkippedNonFinite);
        Assert.Equal(-1.0, report.MuBar, 12);
        Assert.Equal(0.5, report.FractionNegative);
    }

    [Fact]
    public void NoUsableTokenGivesNaNUnlessFixed()
    {
        var tokens = new[] { Token(double.NaN, StrengthSkipReason.NonFinite) };
        Assert.True(double.IsNaN(StrengthReportBuilder.Report(tokens, StrengthAggregation.Mean).MuBar));
        Assert.Equal(0.5, StrengthReportBuilder.Report(tokens, StrengthAggregation.Fixed(0.5)).MuBar);
    }

    [Fact]
    public void HistogramClipsOutliersIntoOverflow()
    {
        // 1..10 and 1000: numpy Q1 = 3.5, Q3 = 8.5, IQR 5 → range [1, 23.5]; 1000 overflows.
        var values = Enumerable.Range(1, 10).Select(v => (double)v).Append(1000).ToArray();
        var histogram = StrengthHistogram.Build(values, bins: 5);
        Assert.Equal(1.0, histogram.Low);
        Assert.Equal(23.5, histogram.High);
        Assert.Equal(6, histogram.Edges.Length);
        Assert.Equal(0, histogram.Underflow);
        Assert.Equal(1, histogram.Overflow);
        Assert.Equal(new long[] { 5, 4, 1, 0, 0 }, histogram.Counts);   // bin width 4.5: [1, 5.5) [5.5, 10) [10, 14.5) …
    }

    [Fact]
    public void HistogramOfEqualValuesHasOneUnitRange()
    {
        var histogram = StrengthHistogram.Build([2.0, 2.0, 2.0], bins: 4);
        Assert.Equal(1.5, histogram.Low);
        Assert.Equal(2.5, histogram.High);
        Assert.Equal(3, histogram.Counts.Sum());
    }

    [Fact]
    public void ReportRoundTripsThroughSnakeCaseJsonIncludingNaN()
    {
        var tokens = new[] { Token(-0.5), Token(0.25), Token(4), Token(3, StrengthSkipReason.SmallDelta) };
        var report = StrengthReportBuilder.Report(tokens, StrengthAggregation.Parse("trimmed"));
        var json = report.ToJson();
        foreach (var key in new[] { "\"mu_bar\"", "\"aggregate\"", "\"tokens_used\"", "\"tokens_skipped\"", "\"fraction_negative\"", "\"histogram\"", "\"underflow\"", "\"ratio\"" })
        {
            Assert.Contains(key, json);
        }
        using (var document = System.Text.Json.JsonDocument.Parse(json))
        {
            string[] topLevel =
            [
                "mu_bar", "aggregate", "aggregates", "tokens_total", "tokens_used", "tokens_skipped", "tokens_skipped_small_delta",
                "tokens_skipped_non_finite", "fraction_negative", "min", "max", "histogram",
            ];
            Assert.Equal(topLevel, document.RootElement.EnumerateObject().Select(p => p.Name));
            Assert.Equal("trimmed", document.RootElement.GetProperty("aggregate").GetString());
            Assert.Equal(3, document.RootElement.GetProperty("tokens_used").GetInt32());
        }
        var back = StrengthReport.FromJson(json);
        Assert.Equal(report.MuBar, back.MuBar);
        Assert.Equal(report.Aggregates, back.Aggregates);
        Assert.Equal(report.TokensSkipped, back.TokensSkipped);
        Assert.Equal(report.Histogram.Counts, back.Histogram.Counts);
        Assert.Equal(report.Histogram.Edges, back.Histogram.Edges);

        var empty = StrengthReportBuilder.Report([], StrengthAggregation.Mean);
        var emptyBack = StrengthReport.FromJson(empty.ToJson());
        Assert.True(double.IsNaN(emptyBack.MuBar));
        Assert.Contains("\"NaN\"", empty.ToJson());
    }

    [Theory]
    [InlineData("meen", "Did you mean 'mean'?")]
    [InlineData("fixed", "needs a value")]
    [InlineData("median:3", "takes no value")]
    [InlineData("fixed:abc", "is not a number")]
    [InlineData("trimmed:-1", "non-negative")]
    public void AggregationParseErrorsExplainThemselves(string text, string expected)
    {
        var error = Assert.Throws<InputException>(() => StrengthAggregation.Parse(text, "pipeline.yaml: strength.aggregate"));
        Assert.Contains(expected, error.Message);
        Assert.StartsWith("pipeline.yaml: strength.aggregate", error.Message);
    }

    [Fact]
    public void AggregationNamesRoundTrip()
    {
        foreach (var text in new[] { "mean", "median", "trimmed", "trimmed:0.5", "ratio", "fixed:-10" })
        {
            Assert.Equal(text, StrengthAggregation.Parse(text).ToString());
        }
    }
}

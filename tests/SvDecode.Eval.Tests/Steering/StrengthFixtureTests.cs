using SvDecode.Eval.Steering;
using SvDecode.Eval.Tests.Support;
using Xunit;

namespace SvDecode.Eval.Tests.Steering;

/// <summary>μ̄ aggregates from the oracle's per-token μ*/num/den against its calibration.mu_bar.</summary>
public sealed class StrengthFixtureTests
{
    [SharedTheory("fixtures/expected/svdecode-tiny-llama-lora.json")]
    [MemberData(nameof(SvDecodeFixture.AllNames), MemberType = typeof(SvDecodeFixture))]
    public void AggregatesReproduceTheCalibrationMuBar(string name)
    {
        var fixture = SvDecodeFixture.Load(name);
        var tokens = fixture.Calibration.Items
            .SelectMany(item => item.Mu.Select((mu, t) =>
                new TokenStrength(mu, item.Num[t], item.Den[t], item.NKeep[t], GoldKept: true, StrengthSkipReason.None)))
            .ToArray();
        var expected = fixture.Calibration.MuBar;

        var report = StrengthReportBuilder.Report(tokens, StrengthAggregation.Mean, fixture.Eps);

        Assert.Equal(expected.NTokens, report.TokensUsed);
        Assert.Equal(0, report.TokensSkipped);
        Tolerance.Near(expected.Mean, report.MuBar, 0, 1e-3, name + " mean");
        Tolerance.Near(expected.Mean, report.Aggregates.Mean, 0, 1e-3, name + " mean");
        Tolerance.Near(expected.Median, report.Aggregates.Median, 0, 1e-3, name + " median");
        Tolerance.Near(expected.RatioOfSums, report.Aggregates.Ratio, 0, 1e-3, name + " ratio_of_sums");
        Assert.Equal(expected.FracNegative, report.FractionNegative, 9);
        // The steered outputs of the fixture use the calibration mean.
        Tolerance.Near(fixture.MuBarUsed, report.MuBar, 0, 1e-3, name + " mu_bar_used");
        Assert.Equal(report.TokensUsed, report.Histogram.Counts.Sum() + report.Histogram.Underflow + report.Histogram.Overflow);
    }

    [SharedTheory("fixtures/expected/svdecode-tiny-llama-lora.json")]
    [MemberData(nameof(SvDecodeFixture.AllNames), MemberType = typeof(SvDecodeFixture))]
    public void RatioAggregateMinimisesThePooledQuadraticModel(string name)
    {
        var items = SvDecodeFixture.Load(name).Calibration.Items;
        var num = items.SelectMany(i => i.Num).ToArray();
        var den = items.SelectMany(i => i.Den).ToArray();
        var ratio = StrengthReportBuilder.Ratio(num, den);
        // Σ_t (den_t μ² − 2 num_t μ): the summed per-token quadratic model of KL change (Eq. 46).
        double Loss(double mu) => num.Select((n, t) => den[t] * mu * mu - 2 * n * mu).Sum();
        foreach (var step in new[] { 1e-3, 1e-2, 0.1, 1.0 })
        {
            var h = step * Math.Max(1.0, Math.Abs(ratio));
            Assert.True(Loss(ratio) < Loss(ratio + h), $"{name}: Q(μ̄+{h}) is not worse");
            Assert.True(Loss(ratio) < Loss(ratio - h), $"{name}: Q(μ̄−{h}) is not worse");
        }
    }
}

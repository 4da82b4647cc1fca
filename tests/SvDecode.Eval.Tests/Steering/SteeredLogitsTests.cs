using SvDecode.Eval.Steering;
using TorchSharp;
using Xunit;

namespace SvDecode.Eval.Tests.Steering;

public sealed class SteeredLogitsTests
{
    // p_φ ∝ exp(z_φ) = (0.5, 0.3, 0.05, 0.15) exactly; p_θ uniform. Shared with PairTransformTests.
    internal static readonly double[] AdaptedProbs = [0.5, 0.3, 0.05, 0.15];

    internal static SteeringResult Example() =>
        SteeringVector.Compute(torch.zeros(4, torch.ScalarType.Float64), torch.tensor(AdaptedProbs.Select(p => Math.Log(p)).ToArray()), torch.ScalarType.Float64);

    [Theory]
    [InlineData(0.1, new[] { true, true, true, true })]      // threshold 0.05: the 0.05 entry sits exactly on it and is kept (≥)
    [InlineData(0.5, new[] { true, true, false, false })]    // threshold 0.25
    [InlineData(1.0, new[] { true, false, false, false })]   // only the maximum
    [InlineData(0.0, new[] { true, true, true, true })]
    public void MaskIsARelativeThresholdOnTheAdaptedProbabilities(double alpha, bool[] expected)
    {
        using var scope = torch.NewDisposeScope();
        var keep = ConfidenceMask.Compute(torch.tensor(AdaptedProbs), alpha);
        Assert.Equal(expected, keep.data<bool>().ToArray());
    }

    [Fact]
    public void MaskModesApplyTheMaskAfterScaling()
    {
        using var scope = torch.NewDisposeScope();
        var steering = Example();
        var keep = ConfidenceMask.Compute(steering.AdaptedProbs, 0.5);           // keeps entries 0 and 1
        const double mu = -3.0;
        var z = steering.AdaptedLogits.data<double>().ToArray();
        var delta = steering.Delta.data<double>().ToArray();

        var hard = SteeredLogits.Apply(steering, keep, mu, new SteeringOptions { Mask = MaskMode.Hard, Alpha = 0.5 }).data<double>().ToArray();
        var soft = SteeredLogits.Apply(steering, keep, mu, new SteeringOptions { Mask = MaskMode.Soft, Alpha = 0.5 }).data<double>().ToArray();
        var none = SteeredLogits.Apply(steering, keep, mu, new SteeringOptions { Mask = MaskMode.None, Alpha = 0.5 }).data<double>().ToArray();

        for (var y = 0; y < 4; y++)
        {
            var steered = z[y] + mu * delta[y];
            var kept = y < 2;
            Assert.Equal(kept ? steered : double.NegativeInfinity, hard[y], 12);
            Assert.Equal(kept ? steered : z[y], soft[y], 12);
            Assert.Equal(steered, none[y], 12);
        }
    }

    [Fact]
    public void ProjectionOffAddsTheRawGradientDirection()
    {
        using var scope = torch.NewDisposeScope();
        var steering = Example();
        var keep = ConfidenceMask.Compute(steering.AdaptedProbs, 0.1);
        const double mu = 0.7;
        var z = steering.AdaptedLogits.data<double>().ToArray();
        var off = SteeredLogits.Apply(steering, keep, mu, new SteeringOptions { Mask = MaskMode.None, Projection = false }).data<double>().ToArray();
        for (var y = 0; y < 4; y++)
        {
            // p_θ uniform over 4: log r = log p_φ − log ¼, g = −(log r + 1).
            var g = -(Math.Log(AdaptedProbs[y]) - Math.Log(0.25) + 1);
            Assert.Equal(z[y] + mu * g, off[y], 12);
        }
    }

    [Fact]
    public void ComputeComposesVectorMaskAndSteering()
    {
        using var scope = torch.NewDisposeScope();
        var zTheta = torch.tensor(new float[] { 0.3f, -1, 2, 0.5f, 0, 1.5f }, [2, 3]);
        var zPhi = torch.tensor(new float[] { 1, -2, 2.5f, 0.1f, 0.2f, 2 }, [2, 3]);
        var options = new SteeringOptions { Mask = MaskMode.Hard, Alpha = 0.3 };
        var direct = SteeredLogits.Compute(zTheta, zPhi, 1.5, options);
        var steering = SteeringVector.Compute(zTheta, zPhi);
        var stepwise = SteeredLogits.Apply(steering, ConfidenceMask.Compute(steering.AdaptedProbs, 0.3), 1.5, options);
        Assert.Equal(stepwise.data<float>().ToArray(), direct.data<float>().ToArray());
    }

    [Fact]
    public void OptionsValidateThemselves()
    {
        Assert.Same(SteeringOptions.ForGeneration, SteeringOptions.ForGeneration.Validate());
        Assert.Equal(MaskMode.Hard, SteeringOptions.ForGeneration.Mask);
        Assert.Equal(MaskMode.Soft, SteeringOptions.ForScoring.Mask);
        var error = Assert.Throws<InputException>(() => new SteeringOptions { Alpha = 1.5 }.Validate("pipeline.yaml: steering"));
        Assert.Contains("pipeline.yaml: steering", error.Message);
        Assert.Contains("alpha", error.Message);
        Assert.Throws<InputException>(() => new SteeringOptions { Alpha = double.NaN }.Validate());
        Assert.Throws<InputException>(() => new SteeringOptions { Mask = (MaskMode)7 }.Validate());
    }

    [Fact]
    public void MaskModeNamesParseAndSuggest()
    {
        Assert.Equal(MaskMode.Soft, MaskModes.Parse("Soft"));
        Assert.Equal(MaskMode.None, MaskModes.Parse("none"));
        Assert.Equal("hard", MaskModes.ToName(MaskMode.Hard));
        var error = Assert.Throws<InputException>(() => MaskModes.Parse("hrad", "steering.mask"));
        Assert.Contains("Did you mean 'hard'?", error.Message);
        Assert.Contains("steering.mask", error.Message);
    }
}

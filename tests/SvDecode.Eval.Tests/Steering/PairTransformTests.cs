using SvDecode.Eval.Steering;
using TorchSharp;
using Xunit;

namespace SvDecode.Eval.Tests.Steering;

/// <summary>
/// Contrastive decoding and logit extrapolation on SteeredLogitsTests' hand-made pair, values worked out by hand: p_θ uniform
/// over four tokens (lp_θ = log ¼) and p_φ = (0.5, 0.3, 0.05, 0.15) exactly (lp_φ = log p_φ), so that
/// d = lp_φ − lp_θ = log 4p_φ = (log 2, log 1.2, log 0.2, log 0.6). With α = 0.5 the mask keeps tokens 0 and 1.
/// </summary>
public sealed class PairTransformTests
{
    private static readonly double[] AdaptedProbs = SteeredLogitsTests.AdaptedProbs;

    private static double[] Apply(IPairLogitsTransform transform)
    {
        var pair = SteeredLogitsTests.Example();
        var keep = ConfidenceMask.Compute(pair.AdaptedProbs, transform.Alpha);
        return transform.Apply(pair, keep).data<double>().ToArray();
    }

    [Fact]
    public void ContrastiveAtBetaOneIsTheLogRatioOverTheKeptTokens()
    {
        using var scope = torch.NewDisposeScope();
        // lp_φ − lp_θ on the kept tokens: log(0.5/0.25) = log 2 and log(0.3/0.25) = log 1.2; the rest is outside the
        // plausibility set, which the method always applies (it takes no mask mode).
        var z = Apply(new ContrastiveTransform(1.0, 0.5));
        Tolerance.AllNear((double[])[Math.Log(2), Math.Log(1.2), double.NegativeInfinity, double.NegativeInfinity], z, 1e-12);
    }

    [Fact]
    public void ContrastiveAtBetaOneHalfWeighsOnlyTheAmateur()
    {
        using var scope = torch.NewDisposeScope();
        // log 0.5 − ½·log ¼ = log(0.5·2) = 0 and log 0.3 + log 2 = log 0.6.
        var z = Apply(new ContrastiveTransform(0.5, 0.5));
        Tolerance.AllNear((double[])[0, Math.Log(0.6), double.NegativeInfinity, double.NegativeInfinity], z, 1e-12);
    }

    [Fact]
    public void ContrastiveAtBetaZeroIsTheAdaptedModelInsideThePlausibilitySet()
    {
        using var scope = torch.NewDisposeScope();
        var z = Apply(new ContrastiveTransform(0.0, 0.1));                       // α = 0.1 keeps all four (0.05 = 0.1·0.5 sits on the threshold)
        Tolerance.AllNear((double[])[Math.Log(0.5), Math.Log(0.3), Math.Log(0.05), Math.Log(0.15)], z, 1e-12);
    }

    [Fact]
    public void ExtrapolationMovesTheAdaptedLogitsAlongTheLogRatioUnderEachMaskMode()
    {
        using var scope = torch.NewDisposeScope();
        // λ = 2: z_φ + 2·d = log p + 2·log 4p = log 16p³ → log 2, log 0.432, log 0.002, log 0.054.
        var hard = Apply(new ExtrapolationTransform(2.0, new SteeringOptions { Alpha = 0.5, Mask = MaskMode.Hard }));
        var soft = Apply(new ExtrapolationTransform(2.0, new SteeringOptions { Alpha = 0.5, Mask = MaskMode.Soft }));
        var none = Apply(new ExtrapolationTransform(2.0, new SteeringOptions { Alpha = 0.5, Mask = MaskMode.None }));
        Tolerance.AllNear((double[])[Math.Log(2), Math.Log(0.432), double.NegativeInfinity, double.NegativeInfinity], hard, 1e-12);
        Tolerance.AllNear((double[])[Math.Log(2), Math.Log(0.432), Math.Log(0.05), Math.Log(0.15)], soft, 1e-12);
        Tolerance.AllNear((double[])[Math.Log(2), Math.Log(0.432), Math.Log(0.002), Math.Log(0.054)], none, 1e-12);
    }

    [Fact]
    public void ExtrapolationWithoutAMaskIsTheIssuesLogitFormulaUpToAConstant()
    {
        using var scope = torch.NewDisposeScope();
        // z_φ + λ·(z_φ − z_θ) with z_θ = 0 is 3·log p = log p³; ours is log 16p³: the same distribution.
        var none = Apply(new ExtrapolationTransform(2.0, new SteeringOptions { Mask = MaskMode.None }));
        var cubes = AdaptedProbs.Select(p => p * p * p).ToArray();
        var expected = cubes.Select(c => Math.Log(c / cubes.Sum())).ToArray();
        var logSoftmax = none.Select(v => v - Math.Log(none.Sum(Math.Exp))).ToArray();
        Tolerance.AllNear(expected, logSoftmax, 1e-12);
    }

    [Fact]
    public void TheStrengthSolverGivesLambdaAlongTheLogRatio()
    {
        using var scope = torch.NewDisposeScope();
        // Gold token 0, keep {0, 1}: e − p = (0.5, −0.3) there, d = (log 2, log 1.2).
        // λ* = (0.5·log 2 − 0.3·log 1.2) / (log²2 + log²1.2) = 0.291877 / 0.513694 = 0.568193.
        var zTheta = torch.zeros(1, 4, torch.ScalarType.Float64);
        var zPhi = torch.tensor(AdaptedProbs.Select(p => Math.Log(p)).ToArray(), [1, 4]);
        var options = new StrengthSolverOptions { Alpha = 0.5, Method = DecodingMethod.Extrapolation, ComputeType = torch.ScalarType.Float64, Epsilon = 0 };
        var token = Assert.Single(StrengthSolver.Solve(zTheta, zPhi, [0], options));
        Assert.Equal(0.291877, token.Numerator, 6);
        Assert.Equal(0.513694, token.Denominator, 6);
        Assert.Equal(0.568193, token.Mu, 5);
        Assert.Equal(2, token.KeptCount);
        // The same pair's μ* is along δ, which is another direction: the two solves must not agree.
        var mu = Assert.Single(StrengthSolver.Solve(zTheta, zPhi, [0], options with { Method = DecodingMethod.SvDecode }));
        Assert.NotEqual(token.Mu, mu.Mu, 3);
    }

    [Fact]
    public void OnlyMethodsWithADirectionSolveAStrength()
    {
        var error = Assert.Throws<InputException>(() => new StrengthSolverOptions { Method = DecodingMethod.Contrastive }.Validate("p.yaml: strength"));
        Assert.Contains("p.yaml: strength", error.Message, StringComparison.Ordinal);
        Assert.Throws<InputException>(() => new ContrastiveTransform(double.NaN, 0.1));
    }

    [Fact]
    public void TheSessionRunsAnyTransformAndCountsItsPositions()
    {
        using var scope = torch.NewDisposeScope();
        // Two positions through a steered session over a pair whose halves return fixed logits.
        var zTheta = torch.zeros(2, 4, torch.ScalarType.Float32);
        var zPhi = torch.tensor(AdaptedProbs.Concat(AdaptedProbs).Select(p => (float)Math.Log(p)).ToArray(), [2, 4]);
        var diagnostics = new SteeringDiagnostics(4);
        using var session = new SteeredLogitsSession(new FixedPair(zTheta, zPhi), new ContrastiveTransform(1.0, 0.5), diagnostics);
        var z = session.Start([[1], [2]]);
        Assert.Equal(torch.ScalarType.Float32, z.dtype);
        var row = z[1].to_type(torch.ScalarType.Float64).data<double>().ToArray();
        Tolerance.AllNear((double[])[Math.Log(2), Math.Log(1.2), double.NegativeInfinity, double.NegativeInfinity], row, 1e-6);
        Assert.Equal(2, diagnostics.Positions);
        Assert.Equal(4, diagnostics.KeptTokens);                                 // two kept per position
        Assert.Equal(0, diagnostics.NonFinitePositions);                         // the mask's −∞ is the method, not a fault
    }
}

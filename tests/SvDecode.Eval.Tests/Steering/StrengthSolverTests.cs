using SvDecode.Eval.Steering;
using TorchSharp;
using Xunit;

namespace SvDecode.Eval.Tests.Steering;

public sealed class StrengthSolverTests
{
    [Fact]
    public void OneKeptTokenGivesOneMinusPOverDelta()
    {
        // With α = 1 only the argmax is kept; if it is the gold token, μ* = (1 − p)·δ / (δ² + ε) ≈ (1 − p)/δ
        // (method.md §3's warning: this grows without bound as δ → 0).
        using var scope = torch.NewDisposeScope();
        var zTheta = torch.tensor(new float[] { 0, 0, 0 }, [1, 3]);
        var zPhi = torch.tensor(new float[] { 2, 0, -1 }, [1, 3]);
        var tokens = StrengthSolver.Solve(zTheta, zPhi, [0L], new StrengthSolverOptions { Alpha = 1.0, ComputeType = torch.ScalarType.Float64 });
        var steering = SteeringVector.Compute(zTheta, zPhi, torch.ScalarType.Float64);
        var p0 = steering.AdaptedProbs[0, 0].item<double>();
        var d0 = steering.Delta[0, 0].item<double>();
        Assert.Equal(1, tokens[0].KeptCount);
        Assert.True(tokens[0].GoldKept);
        Assert.Equal((1 - p0) * d0, tokens[0].Numerator, 12);
        Assert.Equal(d0 * d0, tokens[0].Denominator, 12);
        Assert.Equal((1 - p0) / d0, tokens[0].Mu, 6);
    }

    [Fact]
    public void GoldOutsideTheMaskContributesOnlyMinusP()
    {
        using var scope = torch.NewDisposeScope();
        var zTheta = torch.tensor(new float[] { 0, 1, 0, -1 }, [1, 4]);
        var zPhi = torch.tensor(new float[] { 3, 0, -2, -2 }, [1, 4]);
        var options = new StrengthSolverOptions { Alpha = 0.2, ComputeType = torch.ScalarType.Float64 };
        var token = StrengthSolver.Solve(zTheta, zPhi, [3L], options)[0];
        var steering = SteeringVector.Compute(zTheta, zPhi, torch.ScalarType.Float64);
        var keep = ConfidenceMask.Compute(steering.AdaptedProbs, 0.2).data<bool>().ToArray();
        var p = steering.AdaptedProbs.data<double>().ToArray();
        var delta = steering.Delta.data<double>().ToArray();
        Assert.False(keep[3]);
        Assert.False(token.GoldKept);
        var expectedNum = Enumerable.Range(0, 4).Where(y => keep[y]).Sum(y => -p[y] * delta[y]);
        Assert.Equal(expectedNum, token.Numerator, 12);
    }

    [Fact]
    public void ProjectionOffSolvesAlongTheDirectionItAddsToTheLogits()
    {
        // Projection off moves the logits along g = −(log r + 1), so μ* is the least-squares strength along g over
        // the kept tokens: Σ_keep (e − p)·g / Σ_keep g², whose residual e − p − μ*g is orthogonal to g there.
        using var scope = torch.NewDisposeScope();
        var zTheta = torch.tensor(new float[] { 0, 1, 0, -1, 0.5f }, [1, 5]);
        var zPhi = torch.tensor(new float[] { 2, 1.5f, -2, -2, 1 }, [1, 5]);
        var options = new StrengthSolverOptions { Alpha = 0.1, ComputeType = torch.ScalarType.Float64, Projection = false };
        var token = StrengthSolver.Solve(zTheta, zPhi, [1L], options)[0];

        var steering = SteeringVector.Compute(zTheta, zPhi, torch.ScalarType.Float64);
        var keep = ConfidenceMask.Compute(steering.AdaptedProbs, 0.1).data<bool>().ToArray();
        var p = steering.AdaptedProbs.data<double>().ToArray();
        var g = steering.LogRatio.data<double>().Select(l => -(l + 1)).ToArray();
        var kept = Enumerable.Range(0, 5).Where(y => keep[y]).ToArray();
        Assert.InRange(kept.Length, 2, 4);
        double Residual(int y) => (y == 1 ? 1 : 0) - p[y];
        var num = kept.Sum(y => Residual(y) * g[y]);
        var den = kept.Sum(y => g[y] * g[y]);
        Assert.Equal(num, token.Numerator, 12);
        Assert.Equal(den, token.Denominator, 12);
        Assert.Equal(num / den, token.Mu, 9);
        Assert.Equal(0, kept.Sum(y => (Residual(y) - token.Mu * g[y]) * g[y]), 9);

        var projected = StrengthSolver.Solve(zTheta, zPhi, [1L], options with { Projection = true })[0];
        Assert.True(Math.Abs(projected.Mu - token.Mu) > 1e-3, $"along delta {projected.Mu}, along g {token.Mu}");
    }

    [Fact]
    public void MinDeltaNormSkipsTinySteeringAndNonFiniteIsAlwaysSkipped()
    {
        using var scope = torch.NewDisposeScope();
        var zTheta = torch.tensor(new float[] { 0, 0, 0, 1, 0, 0, 0, 0, 0 }, [3, 3]);
        var zPhi = torch.tensor(new float[] { 0, 0, 1e-4f, 2, -1, 0, float.NaN, 0, 0 }, [3, 3]);
        var tokens = StrengthSolver.Solve(zTheta, zPhi, [0L, 0L, 0L], new StrengthSolverOptions { MinDeltaNorm = 1e-3 });
        Assert.Equal(StrengthSkipReason.SmallDelta, tokens[0].Skip);
        Assert.Equal(StrengthSkipReason.None, tokens[1].Skip);
        Assert.Equal(StrengthSkipReason.NonFinite, tokens[2].Skip);

        var unskipped = StrengthSolver.Solve(zTheta, zPhi, [0L, 0L, 0L]);
        Assert.True(unskipped[0].Used);   // no token is skipped by default (Eq. 44)
    }

    [Fact]
    public void BadArgumentsAreRejected()
    {
        using var scope = torch.NewDisposeScope();
        Assert.Throws<ArgumentException>(() => StrengthSolver.Solve(torch.zeros(2, 3), torch.zeros(2, 3), [0L]));
        Assert.Throws<ArgumentOutOfRangeException>(() => StrengthSolver.Solve(torch.zeros(1, 3), torch.zeros(1, 3), [3L]));
        Assert.Throws<InputException>(() => new StrengthSolverOptions { MinDeltaNorm = -1 }.Validate());
    }
}

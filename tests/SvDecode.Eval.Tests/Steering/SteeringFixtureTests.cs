using SvDecode.Eval.Steering;
using SvDecode.Eval.Tests.Support;
using TorchSharp;
using Xunit;

namespace SvDecode.Eval.Tests.Steering;

/// <summary>δ, KL, keep and steered logits against the float64 oracle's contexts[] in svdecode-*.json.</summary>
public sealed class SteeringFixtureTests
{
    [SharedTheory("fixtures/expected/svdecode-tiny-llama-lora.json")]
    [MemberData(nameof(SvDecodeFixture.AllNames), MemberType = typeof(SvDecodeFixture))]
    public void ContextsMatchTheOracleWhenComputedAsOneBatch(string name)
    {
        var fixture = SvDecodeFixture.Load(name);
        var contexts = fixture.Contexts;
        Assert.NotEmpty(contexts);
        var vocabulary = contexts[0].ZTheta.Length;
        var options = SteeringOptions.ForScoring with { Alpha = fixture.Alpha };

        using var scope = torch.NewDisposeScope();
        // All contexts as one (C, V) batch: the code must treat leading dims as a batch.
        var zTheta = torch.tensor(contexts.SelectMany(c => c.ZTheta).ToArray(), [contexts.Count, vocabulary]);
        var zPhi = torch.tensor(contexts.SelectMany(c => c.ZPhi).ToArray(), [contexts.Count, vocabulary]);
        var steering = SteeringVector.Compute(zTheta, zPhi);
        var keep = ConfidenceMask.Compute(steering.AdaptedProbs, fixture.Alpha);
        var soft = SteeredLogits.Apply(steering, keep, fixture.MuBarUsed, options);
        var hard = SteeredLogits.Apply(steering, keep, fixture.MuBarUsed, options with { Mask = MaskMode.Hard });

        Assert.Equal(torch.ScalarType.Float32, steering.Delta.dtype);
        Assert.False(steering.NonFinite.Any);
        var kl = steering.Kl.data<float>().ToArray();
        var nKeep = ConfidenceMask.CountKept(keep).data<long>().ToArray();
        var hardArgmax = hard.argmax(-1).data<long>().ToArray();
        for (var c = 0; c < contexts.Count; c++)
        {
            var expected = contexts[c];
            var what = $"{name} context {c}";
            Tolerance.Near(expected.Kl, kl[c], Tolerance.Probabilities, what: what + " kl");
            Tolerance.AllNear(expected.Delta, Row(steering.Delta, c), Tolerance.Probabilities, what: what + " delta");
            Assert.Equal(expected.Keep.Select(k => k == 1).ToArray(), keep[c].data<bool>().ToArray());
            Assert.Equal(expected.NKeep, nKeep[c]);
            Tolerance.AllNear(expected.SteeredSoft, Row(soft, c), Tolerance.Logits, what: what + " steered_soft");
            Assert.Equal(expected.ArgmaxHard, hardArgmax[c]);
            Tolerance.Near(expected.DeltaSum, Row(steering.Delta, c).Sum(), Tolerance.Probabilities, what: what + " delta_sum");
        }
    }

    [SharedTheory("fixtures/expected/svdecode-tiny-llama-lora.json")]
    [MemberData(nameof(SvDecodeFixture.AllNames), MemberType = typeof(SvDecodeFixture))]
    public void HardModeKeepsExactlyTheMaskAndNeverProducesPositiveInfinity(string name)
    {
        var fixture = SvDecodeFixture.Load(name);
        var context = fixture.Contexts[0];
        using var scope = torch.NewDisposeScope();
        var steering = SteeringVector.Compute(torch.tensor(context.ZTheta), torch.tensor(context.ZPhi));
        var keep = ConfidenceMask.Compute(steering.AdaptedProbs, fixture.Alpha);
        // A large negative μ (the usual sign of μ̄) must not send masked entries to +∞ (method.md §2).
        var hard = SteeredLogits.Apply(steering, keep, -1000.0, SteeringOptions.ForGeneration).data<float>().ToArray();
        var keepArray = keep.data<bool>().ToArray();
        for (var y = 0; y < hard.Length; y++)
        {
            Assert.Equal(!keepArray[y], float.IsNegativeInfinity(hard[y]));
            Assert.False(float.IsPositiveInfinity(hard[y]));
        }
        Assert.Equal(context.Keep.Select(k => k == 1).ToArray(), keepArray);
    }

    [SharedTheory("fixtures/expected/svdecode-tiny-llama-lora.json")]
    [MemberData(nameof(SvDecodeFixture.AllNames), MemberType = typeof(SvDecodeFixture))]
    public void StrengthSolverMatchesAnIndependentFloat64LoopOnTheFixtureContexts(string name)
    {
        var fixture = SvDecodeFixture.Load(name);
        var contexts = fixture.Contexts;
        var vocabulary = contexts[0].ZTheta.Length;
        // Gold tokens: the hard-mode argmax (kept) and, for the second row of each context, a token that is usually not kept.
        var golds = contexts.SelectMany(c => new long[] { c.ArgmaxHard, (c.ArgmaxHard + vocabulary / 2) % vocabulary }).ToArray();
        var zTheta = contexts.SelectMany(c => new[] { c.ZTheta, c.ZTheta }).ToArray();
        var zPhi = contexts.SelectMany(c => new[] { c.ZPhi, c.ZPhi }).ToArray();

        using var scope = torch.NewDisposeScope();
        var tokens = StrengthSolver.Solve(
            torch.tensor(zTheta.SelectMany(z => z).ToArray(), [golds.Length, vocabulary]),
            torch.tensor(zPhi.SelectMany(z => z).ToArray(), [golds.Length, vocabulary]),
            golds,
            new StrengthSolverOptions { Alpha = fixture.Alpha });

        for (var t = 0; t < golds.Length; t++)
        {
            var (mu, num, den, kept) = NaiveStrength(zTheta[t], zPhi[t], (int)golds[t], fixture.Alpha, fixture.Eps);
            Assert.Equal(kept, tokens[t].KeptCount);
            Assert.True(tokens[t].Used);
            Tolerance.Near(num, tokens[t].Numerator, 1e-6, 1e-3, $"{name} token {t} num");
            Tolerance.Near(den, tokens[t].Denominator, 1e-9, 1e-3, $"{name} token {t} den");
            Tolerance.Near(mu, tokens[t].Mu, 1e-4, 1e-3, $"{name} token {t} mu");
        }
    }

    /// <summary>Eq. 20/43 written as plain loops in float64, independent of the tensor code.</summary>
    private static (double Mu, double Num, double Den, int Kept) NaiveStrength(float[] zTheta, float[] zPhi, int gold, double alpha, double eps)
    {
        var logPhi = LogSoftmax(zPhi);
        var logTheta = LogSoftmax(zTheta);
        var p = logPhi.Select(Math.Exp).ToArray();
        var kl = p.Select((pi, i) => pi * (logPhi[i] - logTheta[i])).Sum();
        var max = p.Max();
        double num = 0, den = 0;
        var kept = 0;
        for (var y = 0; y < p.Length; y++)
        {
            if (p[y] < alpha * max)
            {
                continue;
            }
            kept++;
            var delta = p[y] * (kl - (logPhi[y] - logTheta[y]));
            num += ((y == gold ? 1 : 0) - p[y]) * delta;
            den += delta * delta;
        }
        return (num / (den + eps), num, den, kept);
    }

    private static double[] LogSoftmax(float[] z)
    {
        var max = z.Max();
        var logSum = Math.Log(z.Sum(v => Math.Exp(v - max))) + max;
        return z.Select(v => v - logSum).ToArray();
    }

    private static double[] Row(torch.Tensor matrix, int row) =>
        matrix[row].to_type(torch.ScalarType.Float64).data<double>().ToArray();
}

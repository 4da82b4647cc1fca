using SvDecode.Eval.Steering;
using TorchSharp;
using Xunit;

namespace SvDecode.Eval.Tests.Steering;

/// <summary>Invariants of δ that hold for any logits: zero sum, the explicit Jacobian product, Theorem 2.</summary>
public sealed class SteeringVectorTests
{
    private static (torch.Tensor Base, torch.Tensor Adapted) RandomLogits(long seed, params long[] shape)
    {
        var generator = new torch.Generator((ulong)seed);
        var zTheta = torch.randn(shape, torch.ScalarType.Float64, generator: generator) * 2.0;
        var zPhi = zTheta + torch.randn(shape, torch.ScalarType.Float64, generator: generator);
        return (zTheta, zPhi);
    }

    [Fact]
    public void DeltaSumsToZeroOverTheVocabularyInEveryBatchRow()
    {
        using var scope = torch.NewDisposeScope();
        var (zTheta, zPhi) = RandomLogits(1, 2, 3, 257);                        // (B, T, V)
        var steering = SteeringVector.Compute(zTheta, zPhi);
        Assert.Equal(new long[] { 2, 3, 257 }, steering.Delta.shape);
        Assert.Equal(new long[] { 2, 3 }, steering.Kl.shape);
        var sums = steering.Delta.sum(-1).to_type(torch.ScalarType.Float64).data<double>().ToArray();
        Assert.All(sums, s => Assert.True(Math.Abs(s) < 1e-6, $"Σδ = {s}"));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(11)]
    public void DeltaEqualsTheExplicitSoftmaxJacobianProduct(int vocabulary)
    {
        using var scope = torch.NewDisposeScope();
        var (zTheta, zPhi) = RandomLogits(vocabulary, vocabulary);
        var steering = SteeringVector.Compute(zTheta, zPhi, torch.ScalarType.Float64);

        // J g with J = diag p − p pᵀ built explicitly and g = −(log(p_φ/p_θ) + 1), in plain float64 loops.
        var p = Softmax(zPhi.data<double>().ToArray());
        var q = Softmax(zTheta.data<double>().ToArray());
        var g = p.Select((pi, i) => -(Math.Log(pi / q[i]) + 1)).ToArray();
        var expected = new double[vocabulary];
        for (var i = 0; i < vocabulary; i++)
        {
            for (var j = 0; j < vocabulary; j++)
            {
                var jacobian = (i == j ? p[i] : 0) - p[i] * p[j];
                expected[i] += jacobian * g[j];
            }
        }
        Tolerance.AllNear(expected, steering.Delta.data<double>().ToArray(), 1e-12, what: "δ");

        // The float32 default agrees to float32 precision.
        var delta32 = SteeringVector.Compute(zTheta, zPhi).Delta.to_type(torch.ScalarType.Float64).data<double>().ToArray();
        Tolerance.AllNear(expected, delta32, 1e-6, what: "δ float32");
    }

    [Fact]
    public void TheoremTwoDerivativeOfCrossEntropyAlongDeltaIsTheInnerProduct()
    {
        // d/dμ KL(e_y ‖ softmax(z + μδ)) at μ = 0 equals ⟨p − e_y, δ⟩ with p = softmax(z). KL(e_y ‖ q) = −log q_y.
        using var scope = torch.NewDisposeScope();
        const int vocabulary = 13;
        var (zTheta, zPhi) = RandomLogits(7, vocabulary);
        var steering = SteeringVector.Compute(zTheta, zPhi, torch.ScalarType.Float64);
        var z = zPhi.data<double>().ToArray();
        var delta = steering.Delta.data<double>().ToArray();
        var p = Softmax(z);
        foreach (var y in new[] { 0, 4, 12 })
        {
            double CrossEntropy(double mu) => -Math.Log(Softmax(z.Select((zi, i) => zi + mu * delta[i]).ToArray())[y]);
            const double h = 1e-5;
            var numeric = (CrossEntropy(h) - CrossEntropy(-h)) / (2 * h);
            var analytic = p.Select((pi, i) => (pi - (i == y ? 1 : 0)) * delta[i]).Sum();
            Assert.True(Math.Abs(numeric - analytic) < 1e-8, $"y={y}: finite difference {numeric} vs ⟨p − e_y, δ⟩ = {analytic}");
        }
    }

    [Fact]
    public void KlIsTheKullbackLeiblerDivergenceOfTheAdaptedFromTheBaseDistribution()
    {
        using var scope = torch.NewDisposeScope();
        var zTheta = torch.tensor(new[] { 0.0, 0.0 });                            // p_θ = (½, ½)
        var zPhi = torch.tensor(new[] { Math.Log(3.0), 0.0 });                    // p_φ = (¾, ¼)
        var steering = SteeringVector.Compute(zTheta, zPhi, torch.ScalarType.Float64);
        var expected = 0.75 * Math.Log(1.5) + 0.25 * Math.Log(0.5);
        Assert.Equal(expected, steering.Kl.item<double>(), 12);
        // δ(y) = p(y)(KL − log r(y)) by hand.
        Assert.Equal(0.75 * (expected - Math.Log(1.5)), steering.Delta[0].item<double>(), 12);
    }

    [Fact]
    public void IdenticalModelsGiveZeroSteering()
    {
        using var scope = torch.NewDisposeScope();
        var (z, _) = RandomLogits(3, 4, 50);
        var steering = SteeringVector.Compute(z, z.clone());
        Assert.Equal(0.0, steering.Delta.abs().max().item<float>());
        Assert.Equal(0.0, steering.Kl.abs().max().item<float>());
    }

    [Fact]
    public void HalfPrecisionInputsAreComputedInFloat32()
    {
        using var scope = torch.NewDisposeScope();
        var (zTheta, zPhi) = RandomLogits(5, 3, 64);
        var zThetaBf16 = zTheta.to_type(torch.ScalarType.BFloat16);
        var zPhiHalf = zPhi.to_type(torch.ScalarType.Float16);
        var steering = SteeringVector.Compute(zThetaBf16, zPhiHalf);
        Assert.Equal(torch.ScalarType.Float32, steering.Delta.dtype);
        Assert.Equal(torch.ScalarType.Float32, steering.AdaptedLogits.dtype);
        // Same as widening the rounded inputs by hand and computing in float64.
        var reference = SteeringVector.Compute(zThetaBf16.to_type(torch.ScalarType.Float64), zPhiHalf.to_type(torch.ScalarType.Float64), torch.ScalarType.Float64);
        var difference = (steering.Delta.to_type(torch.ScalarType.Float64) - reference.Delta).abs().max().item<double>();
        Assert.True(difference < 1e-6, $"max |δ32 − δ64| = {difference}");
    }

    [Fact]
    public void NonFiniteInputsAreCountedNotThrown()
    {
        using var scope = torch.NewDisposeScope();
        var zTheta = torch.tensor(new float[] { 0, 1, float.NaN, 2, 0, 1, 2, 3 }, [2, 4]);
        var zPhi = torch.tensor(new float[] { 1, 1, 1, 1, 0, float.PositiveInfinity, 2, float.NegativeInfinity }, [2, 4]);
        var steering = SteeringVector.Compute(zTheta, zPhi);
        Assert.Equal(1, steering.NonFinite.BaseLogits);
        Assert.Equal(2, steering.NonFinite.AdaptedLogits);
        Assert.True(steering.NonFinite.Delta > 0);
        Assert.True(steering.NonFinite.Any);

        var clean = SteeringVector.Compute(zTheta[1..], zTheta[1..]);
        Assert.Equal(NonFiniteCounts.None, clean.NonFinite);

        // Uncounted (the steered session checks each position itself): the same vector, and no counts to read.
        using var uncounted = SteeringVector.Compute(zTheta[1..], zPhi[1..], countNonFinite: false);
        using var counted = SteeringVector.Compute(zTheta[1..], zPhi[1..]);
        Assert.True(uncounted.Delta.isnan().eq(counted.Delta.isnan()).all().item<bool>());
        Assert.True(uncounted.Delta.nan_to_num().eq(counted.Delta.nan_to_num()).all().item<bool>());
        Assert.Throws<InvalidOperationException>(() => uncounted.NonFinite);
    }

    [Fact]
    public void MismatchedShapesAreRejected()
    {
        using var scope = torch.NewDisposeScope();
        Assert.Throws<ArgumentException>(() => SteeringVector.Compute(torch.zeros(2, 5), torch.zeros(2, 6)));
        Assert.Throws<ArgumentException>(() => SteeringVector.Compute(torch.zeros(5), torch.zeros(5), torch.ScalarType.BFloat16));
    }

    private static double[] Softmax(double[] z)
    {
        var max = z.Max();
        var exp = z.Select(v => Math.Exp(v - max)).ToArray();
        var sum = exp.Sum();
        return exp.Select(e => e / sum).ToArray();
    }
}

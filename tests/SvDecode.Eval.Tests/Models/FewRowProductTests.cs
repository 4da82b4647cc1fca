using SvDecode.Eval.Models.Layers;
using Xunit;
using static TorchSharp.torch;

namespace SvDecode.Eval.Tests.Models;

/// <summary>The few-row product computes LibTorch's x Wᵀ + b, and takes over only the row counts and dtypes it is for:
/// one row (computed as two) and 8–48.</summary>
public sealed class FewRowProductTests
{
    [Theory]
    [InlineData(1, false)]
    [InlineData(1, true)]
    [InlineData(12, false)]
    [InlineData(13, true)]
    [InlineData(16, false)]
    [InlineData(48, true)]
    public void EqualsLinearWithAndWithoutBias(int rows, bool withBias)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(7);
        var weight = randn(96, 64, generator: generator);                         // (out, in)
        var bias = withBias ? randn(96, generator: generator) : null;
        var x = randn(rows, 1, 64, generator: generator);                         // (B, T, in): a decode step's shape
        Assert.True(FewRowProduct.Applies(x, weight));

        var got = FewRowProduct.Linear(x, weight, bias);
        var want = nn.functional.linear(x, weight, bias);

        Assert.Equal(want.shape, got.shape);
        Assert.True(got.is_contiguous());
        Assert.True(got.allclose(want, rtol: 1e-5, atol: 1e-5), $"max |Δ| {(got - want).abs().max().item<float>()}");
    }

    [Fact]
    public void LeavesOtherRowCountsAndDtypesToLinear()
    {
        using var scope = NewDisposeScope();
        var weight = randn(96, 64);
        Assert.False(FewRowProduct.Applies(randn(8, 1, 64), weight));              // 8 narrow rows: no clear win
        Assert.True(FewRowProduct.Applies(randn(8, 1, 768), randn(96, 768)));      // 8 wide rows: measured faster
        Assert.False(FewRowProduct.Applies(randn(4, 1, 768), randn(96, 768)));      // 4 rows: even
        Assert.False(FewRowProduct.Applies(randn(2, 1, 768), randn(96, 768)));      // 2 rows: oneMKL's fast two-row kernel already
        Assert.True(FewRowProduct.Applies(randn(1, 1, 64), weight));                // 1 row: computed as two
        Assert.False(FewRowProduct.Applies(randn(1, FewRowProduct.MaxRows + 1, 64), weight)); // a prefill
        Assert.False(FewRowProduct.Applies(randn(16, 1, 64).to(ScalarType.BFloat16), weight.to(ScalarType.BFloat16))); // half precision: not measured
    }
}

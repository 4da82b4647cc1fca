using SvDecode.Eval.Steering;
using TorchSharp;
using Xunit;

namespace SvDecode.Eval.Tests.Steering;

/// <summary>Non-finite logits are counted per real position and fail a run only above the configured fraction.</summary>
public sealed class SteeringDiagnosticsTests
{
    /// <summary>A pair whose adapted logits have NaN in row 1 (of 2) at every call.</summary>
    private sealed class NaNPair : IPairedLogitsSession
    {
        public int VocabSize => 5;

        public long BatchSize => 2;

        private static (torch.Tensor, torch.Tensor) Logits(params long[] leading)
        {
            var adapted = torch.zeros([.. leading, 5]);
            adapted[1] = torch.tensor(float.NaN);
            return (torch.zeros([.. leading, 5]), adapted);
        }

        public (torch.Tensor Base, torch.Tensor Adapted) Start(IReadOnlyList<IReadOnlyList<int>> prompts) => Logits(2);

        public (torch.Tensor Base, torch.Tensor Adapted) Prefill(torch.Tensor ids, torch.Tensor mask) => Logits(2, ids.shape[1]);

        public (torch.Tensor Base, torch.Tensor Adapted) Advance(torch.Tensor tokens) => Logits(2);

        public (torch.Tensor Base, torch.Tensor Adapted) Extend(torch.Tensor tokens, torch.Tensor mask) => Logits(2, tokens.shape[1]);

        public void Reorder(torch.Tensor rows)
        {
        }

        public void Dispose()
        {
        }
    }

    [Fact]
    public void NonFinitePositionsAreCountedOverRealPositionsOnlyAndFailAboveTheThreshold()
    {
        var factory = new SteeredSessionFactory(() => new NaNPair(), 5, -1.0, SteeringOptions.ForScoring);
        using (var session = factory.Open())
        {
            session.Start([[1], [2]]).Dispose();                                              // 2 positions, 1 bad
            using var ids = torch.ones(2, 3, torch.ScalarType.Int64);
            using var mask = torch.tensor(new long[] { 1, 1, 0, 1, 0, 0 }, [2, 3]);           // 3 real positions, 1 bad
            session.Extend(ids, mask).Dispose();
        }
        Assert.Equal(5, factory.Diagnostics.Positions);
        Assert.Equal(2, factory.Diagnostics.NonFinitePositions);
        Assert.Equal(0.6, factory.Diagnostics.KeptFraction, 1e-12); // 3 uniform finite positions keep all 5 tokens, NaN ones none: 15 / 25
        factory.Diagnostics.ThrowIfTooManyNonFinite(0.5, "test");
        var error = Assert.Throws<InvalidOperationException>(() => factory.Diagnostics.ThrowIfTooManyNonFinite(0.001, "cell x"));
        Assert.Contains("cell x: 2 of 5 steered positions", error.Message, StringComparison.Ordinal);
    }
}

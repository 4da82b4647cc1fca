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

        public torch.Device Device => torch.CPU;

        /// <summary>(N, 5) zeros each, the adapted rows of batch row 1 all NaN.</summary>
        private static (torch.Tensor, torch.Tensor) Logits(torch.Tensor rows)
        {
            var adapted = torch.zeros(rows.shape[0], 5);
            adapted[rows.eq(1)] = torch.tensor(float.NaN);
            return (torch.zeros(rows.shape[0], 5), adapted);
        }

        public (torch.Tensor Base, torch.Tensor Adapted) Start(IReadOnlyList<IReadOnlyList<int>> prompts) => Logits(torch.arange(2));

        public DeferredPairLogits Prefill(torch.Tensor ids, torch.Tensor mask) => new Deferred(ids.shape[1]);

        public (torch.Tensor Base, torch.Tensor Adapted) Advance(torch.Tensor tokens) => Logits(torch.arange(2));

        public DeferredPairLogits Extend(torch.Tensor tokens, torch.Tensor mask) => new Deferred(tokens.shape[1]);

        private sealed class Deferred(long positions) : DeferredPairLogits(2, positions, torch.CPU, chunkRows: 8)
        {
            public override (torch.Tensor Base, torch.Tensor Adapted) At(torch.Tensor rows, torch.Tensor positions) => Logits(rows);

            protected override void Release()
            {
            }
        }

        public void Reorder(torch.Tensor rows)
        {
        }

        public void Dispose()
        {
        }
    }

    [Fact]
    public void NonFinitePositionsAreCountedOverTheStepsAndPositionsReadAndFailAboveTheThreshold()
    {
        var factory = new SteeredSessionFactory(() => new NaNPair(), 5, -1.0, SteeringOptions.ForScoring);
        using (var session = factory.Open())
        {
            session.Start([[1], [2]]).Dispose();                                              // 2 positions, 1 bad
            using var ids = torch.ones(2, 3, torch.ScalarType.Int64);
            using var mask = torch.tensor(new long[] { 1, 1, 0, 1, 0, 0 }, [2, 3]);
            using var extended = session.Extend(ids, mask);                                   // counts nothing until read
            extended.At([0, 0, 1], [0, 1, 0]).Dispose();                                      // the 3 real positions, 1 bad
        }
        Assert.Equal(5, factory.Diagnostics.Positions);
        Assert.Equal(2, factory.Diagnostics.NonFinitePositions);
        Assert.Equal(0.6, factory.Diagnostics.KeptFraction, 1e-12); // 3 uniform finite positions keep all 5 tokens, NaN ones none: 15 / 25
        factory.Diagnostics.ThrowIfTooManyNonFinite(0.5, "test");
        var error = Assert.Throws<InvalidOperationException>(() => factory.Diagnostics.ThrowIfTooManyNonFinite(0.001, "cell x"));
        Assert.Contains("cell x: 2 of 5 steered positions", error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// The session counts a position as non-finite from δ alone; that must equal the full definition (a NaN/±Inf in
    /// z_θ, z_φ or δ) for every kind of bad logit, and the mean KL must be over exactly the other positions.
    /// </summary>
    [Fact]
    public void OneDeltaCheckCountsEveryKindOfNonFiniteLogit()
    {
        float[] bad = [float.NaN, float.PositiveInfinity, float.NegativeInfinity];
        var rows = new List<(float[] Base, float[] Adapted)>
        {
            ([0.5f, -1f, 2f, 0f], [1f, 0f, -2f, 3f]),                         // finite
            ([80f, -80f, 0f, 1f], [0f, 80f, -80f, 1f]),                       // finite, far apart
        };
        foreach (var value in bad)
        {
            rows.Add(([0.5f, value, 2f, 0f], [1f, 0f, -2f, 3f]));              // one bad base logit
            rows.Add(([0.5f, -1f, 2f, 0f], [1f, 0f, value, 3f]));              // one bad adapted logit
            rows.Add(([value, value, value, value], [1f, 0f, -2f, 3f]));        // a whole bad base row
            rows.Add(([0.5f, -1f, 2f, 0f], [value, value, value, value]));     // a whole bad adapted row
        }
        using var baseLogits = torch.tensor(rows.SelectMany(r => r.Base).ToArray(), [rows.Count, 4]);
        using var adaptedLogits = torch.tensor(rows.SelectMany(r => r.Adapted).ToArray(), [rows.Count, 4]);

        using var reference = SteeringVector.Compute(baseLogits, adaptedLogits);
        using var rowBad = baseLogits.isfinite().all(-1).logical_and(adaptedLogits.isfinite().all(-1)).logical_and(reference.Delta.isfinite().all(-1)).logical_not();
        var expectedBad = rowBad.sum().item<long>();
        var finiteKls = Enumerable.Range(0, rows.Count).Where(i => !rowBad[i].item<bool>()).Select(i => (double)reference.Kl[i].item<float>()).ToList();
        Assert.Equal(rows.Count - 2, expectedBad); // every constructed bad row is bad, the two finite ones are not

        var factory = new SteeredSessionFactory(() => new FixedPair(baseLogits, adaptedLogits), 4, 0.5, SteeringOptions.ForScoring);
        using (var session = factory.Open())
        {
            session.Start([]).Dispose();
        }
        Assert.Equal(rows.Count, factory.Diagnostics.Positions);
        Assert.Equal(expectedBad, factory.Diagnostics.NonFinitePositions);
        Assert.Equal(finiteKls.Average(), factory.Diagnostics.MeanKl, 1e-6);
    }

    /// <summary>
    /// Positions whose mask keeps two or more tokens, counted by hand at α 0.1 (keep p ≥ 0.1 · max p): 0.97/0.01/…
    /// keeps 1; 0.6/0.3/0.05/0.05 keeps 2 (threshold 0.06); 0.4/0.3/0.2/0.1 keeps all 4; 0.5/0.45/0.049/0.001
    /// keeps 2 (0.049 is just under 0.05). Kept tokens 1 + 2 + 4 + 2 = 9; three of the four positions keep ≥ 2.
    /// </summary>
    [Fact]
    public void PositionsKeepingTwoOrMoreTokensAreCountedBesideTheKeptTokens()
    {
        double[][] probs = [[0.97, 0.01, 0.01, 0.01], [0.6, 0.3, 0.05, 0.05], [0.4, 0.3, 0.2, 0.1], [0.5, 0.45, 0.049, 0.001]];
        using var adaptedLogits = torch.tensor(probs.SelectMany(row => row.Select(p => (float)Math.Log(p))).ToArray(), [4, 4]);
        using var baseLogits = torch.zeros(4, 4);
        var factory = new SteeredSessionFactory(() => new FixedPair(baseLogits, adaptedLogits), 4, 0.5, SteeringOptions.ForScoring with { Alpha = 0.1 });
        using (var session = factory.Open())
        {
            session.Start([]).Dispose();
            session.Start([]).Dispose(); // totals run over calls
        }
        Assert.Equal(8, factory.Diagnostics.Positions);
        Assert.Equal(18, factory.Diagnostics.KeptTokens);
        Assert.Equal(6, factory.Diagnostics.MultiKeptPositions);
        Assert.Equal(0.75, factory.Diagnostics.MultiKeptShare, 1e-12);
        Assert.True(double.IsNaN(new SteeringDiagnostics(4).MultiKeptShare));
    }
}

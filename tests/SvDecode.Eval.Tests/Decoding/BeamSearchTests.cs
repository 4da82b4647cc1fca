using SvDecode.Eval.Decoding;
using Xunit;
using static TorchSharp.torch;

namespace SvDecode.Eval.Tests.Decoding;

/// <summary>Beam search over logits with −∞ entries, as a hard mask produces them (method.md §2).</summary>
public sealed class BeamSearchTests
{
    private const float Out = float.NegativeInfinity;

    /// <summary>Every row's next-token logits depend only on the step (0 after the prompt).</summary>
    private sealed class ScriptedSession(Func<int, float[]> logitsAtStep) : ILogitsSession
    {
        private int _step;

        public int VocabSize => logitsAtStep(0).Length;

        public long BatchSize { get; private set; }

        public Device Device => CPU;

        public Tensor Start(IReadOnlyList<IReadOnlyList<int>> prompts)
        {
            (_step, BatchSize) = (0, prompts.Count);
            return Rows();
        }

        public Tensor Advance(Tensor tokens)
        {
            (_step, BatchSize) = (_step + 1, tokens.shape[0]);
            return Rows();
        }

        public void Reorder(Tensor rows) => BatchSize = rows.shape[0];

        public DeferredLogits Prefill(Tensor ids, Tensor mask) => throw new NotSupportedException();

        public DeferredLogits Extend(Tensor tokens, Tensor mask) => throw new NotSupportedException();

        public void Dispose()
        {
        }

        private Tensor Rows()
        {
            var row = logitsAtStep(_step);
            return tensor(Enumerable.Repeat(row, (int)BatchSize).SelectMany(r => r).ToArray(), [BatchSize, row.Length]); // (B, V)
        }
    }

    private static GenerationResult Beam(Func<int, float[]> logitsAtStep, GenerationOptions options)
    {
        using var session = new ScriptedSession(logitsAtStep);
        return TokenGenerator.Generate(session, [[5]], options with { Strategy = DecodingStrategy.Beam })[0];
    }

    [Fact]
    public void HypothesesScoredMinusInfinityAreNeitherKeptNorFinished()
    {
        // Only ids 1 and 2 are kept at every step; every masked id is a stop token. With 2 beams, 4 candidates per step
        // include 2 at −∞ ending in a stop token: counted as finished, they used to end the search after one token.
        float[] kept = [Out, 0f, -0.5f, Out, Out, Out, Out, Out];
        var result = Beam(_ => kept, new GenerationOptions { NumBeams = 2, MaxNewTokens = 3, StopTokenIds = [0, 3, 4, 5, 6, 7] });
        Assert.Equal([1, 1, 1], result.TokenIds);
        Assert.Equal(StopReason.MaxNewTokens, result.StopReason);
    }

    [Fact]
    public void AFiniteStopIsStillFinishedBesideMaskedCandidates()
    {
        // id 0 (the stop token) is kept and most likely at the second step: the search finishes there.
        float[] first = [Out, 0f, -0.5f, Out];
        float[] second = [0f, -3f, Out, Out];
        var result = Beam(step => step == 0 ? first : second, new GenerationOptions { NumBeams = 2, MaxNewTokens = 5, StopTokenIds = [0] });
        Assert.Equal([1, 0], result.TokenIds);
        Assert.Equal(StopReason.StopToken, result.StopReason);
    }

    [Fact]
    public void WhenEveryCandidateIsMinusInfinityTheLiveBeamsEndAsTheyStand()
    {
        // After one token nothing is kept (and log_softmax of an all −∞ row is NaN): the best live beam is the result.
        float[] first = [Out, -1f, 0f, Out];
        float[] none = [Out, Out, Out, Out];
        var result = Beam(step => step == 0 ? first : none, new GenerationOptions { NumBeams = 2, MaxNewTokens = 4 });
        Assert.Equal([2], result.TokenIds);
        Assert.Equal(StopReason.NoFiniteToken, result.StopReason);

        // Nothing kept at the first step: the empty continuation.
        var empty = Beam(_ => none, new GenerationOptions { NumBeams = 2, MaxNewTokens = 4 });
        Assert.Empty(empty.TokenIds);
        Assert.Equal(StopReason.NoFiniteToken, empty.StopReason);
    }
}

using System.Diagnostics;
using SvDecode.Eval.Decoding;
using SvDecode.Eval.Steering;
using static TorchSharp.torch;

namespace SvDecode.Eval.Tool.Bench;

/// <summary>
/// A (base, adapted) pair that adds the time of each call to <see cref="PairTimes"/>: forwards (prefill, extend,
/// reorder) to the forward, the deferred logits' <c>At</c> to the head. <see cref="Start"/> is split the same way by
/// running it as what it is for every pair, a left-padded prefill and its last positions' logits. A decode step
/// (<see cref="Advance"/>) runs forward and head in one call and counts as forward; scoring makes none.
/// </summary>
public sealed class TimedPairSession(IPairedLogitsSession pair, PairTimes times) : IPairedLogitsSession
{
    public int VocabSize => pair.VocabSize;

    public Device Device => pair.Device;

    public long BatchSize => pair.BatchSize;

    public (Tensor Base, Tensor Adapted) Start(IReadOnlyList<IReadOnlyList<int>> prompts)
    {
        using var scope = NewDisposeScope();
        var (ids, mask) = PromptBatch.LeftPadded(prompts, Device);
        using var logits = Prefill(ids, mask);
        var (b, a) = logits.Last();                                               // (B, V) each
        return (b.MoveToOuterDisposeScope(), a.MoveToOuterDisposeScope());
    }

    public DeferredPairLogits Prefill(Tensor ids, Tensor mask) => new TimedLogits(Forward(() => pair.Prefill(ids, mask)), times);

    public (Tensor Base, Tensor Adapted) Advance(Tensor tokens) => Forward(() => pair.Advance(tokens));

    public DeferredPairLogits Extend(Tensor tokens, Tensor mask) => new TimedLogits(Forward(() => pair.Extend(tokens, mask)), times);

    public void Reorder(Tensor rows) => Forward(() =>
    {
        pair.Reorder(rows);
        return 0;
    });

    public void Dispose() => pair.Dispose();

    private T Forward<T>(Func<T> call)
    {
        var start = Stopwatch.GetTimestamp();
        var result = call();
        times.AddForward(Stopwatch.GetElapsedTime(start).TotalSeconds);
        return result;
    }

    /// <summary>The pair's deferred logits, each <c>At</c> timed as head.</summary>
    private sealed class TimedLogits(DeferredPairLogits logits, PairTimes times) : DeferredPairLogits(logits.Rows, logits.Positions, logits.Device, logits.ChunkRows)
    {
        public override (Tensor Base, Tensor Adapted) At(Tensor rows, Tensor positions)
        {
            var start = Stopwatch.GetTimestamp();
            var result = logits.At(rows, positions);
            times.AddHead(Stopwatch.GetElapsedTime(start).TotalSeconds);
            return result;
        }

        protected override void Release() => logits.Dispose();
    }
}

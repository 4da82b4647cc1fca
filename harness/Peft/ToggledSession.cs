using SvDecode.Eval.Decoding;
using static TorchSharp.torch;

namespace SvDecode.Eval.Peft;

/// <summary>Runs <paramref name="apply"/> (set the adapter's switch) before each forward of the inner session.</summary>
public sealed class ToggledSession(ILogitsSession inner, Action apply) : ILogitsSession
{
    public int VocabSize => inner.VocabSize;

    public long BatchSize => inner.BatchSize;

    public Device Device => inner.Device;

    public Tensor Start(IReadOnlyList<IReadOnlyList<int>> prompts)
    {
        apply();
        return inner.Start(prompts);
    }

    public DeferredLogits Prefill(Tensor ids, Tensor mask)
    {
        apply();
        return new Toggled(inner.Prefill(ids, mask), apply);
    }

    public Tensor Advance(Tensor tokens)
    {
        apply();
        return inner.Advance(tokens);
    }

    public DeferredLogits Extend(Tensor tokens, Tensor mask)
    {
        apply();
        return new Toggled(inner.Extend(tokens, mask), apply);
    }

    public void Reorder(Tensor rows) => inner.Reorder(rows);

    public void Dispose() => inner.Dispose();

    /// <summary>The switch is set again before the head runs: an adapter may wrap lm_head, and the other session of a
    /// lock-step pair may have flipped it since the forward.</summary>
    private sealed class Toggled(DeferredLogits inner, Action apply) : DeferredLogits(inner.Rows, inner.Positions, inner.Device, inner.ChunkRows)
    {
        public override Tensor At(Tensor rows, Tensor positions)
        {
            apply();
            return inner.At(rows, positions);
        }

        protected override void Release() => inner.Dispose();
    }
}

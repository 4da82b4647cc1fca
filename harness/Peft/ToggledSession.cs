using SvDecode.Eval.Decoding;
using static TorchSharp.torch;

namespace SvDecode.Eval.Peft;

/// <summary>Runs <paramref name="apply"/> (set the adapter's switch) before each forward of the inner session.</summary>
public sealed class ToggledSession(ILogitsSession inner, Action apply) : ILogitsSession
{
    public int VocabSize => inner.VocabSize;

    public long BatchSize => inner.BatchSize;

    public Tensor Start(IReadOnlyList<IReadOnlyList<int>> prompts)
    {
        apply();
        return inner.Start(prompts);
    }

    public Tensor Prefill(Tensor ids, Tensor mask)
    {
        apply();
        return inner.Prefill(ids, mask);
    }

    public Tensor Advance(Tensor tokens)
    {
        apply();
        return inner.Advance(tokens);
    }

    public Tensor Extend(Tensor tokens, Tensor mask)
    {
        apply();
        return inner.Extend(tokens, mask);
    }

    public void Reorder(Tensor rows) => inner.Reorder(rows);

    public void Dispose() => inner.Dispose();
}

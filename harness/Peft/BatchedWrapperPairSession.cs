using SvDecode.Eval.Models;
using SvDecode.Eval.Steering;
using static TorchSharp.torch;

namespace SvDecode.Eval.Peft;

/// <summary>
/// The (base, adapted) pair for LoRA and IA3 as one batched forward: the same tokens twice, and every wrapper told that
/// rows B..2B−1 are adapted while rows 0..B−1 see the plain projection. Positions, masks and the cache are shared by
/// construction, so each half computes exactly what its own session would.
/// </summary>
public sealed class BatchedWrapperPairSession(CausalLanguageModel model, IRowSplitAdapter adapter) : BatchedPairSession(model)
{
    public override DeferredPairLogits Prefill(Tensor ids, Tensor mask)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        BeginRows(ids.shape[0], ids.device);
        return Deferred(Run(Model.EmbedTokens(cat([ids, ids], 0)), cat([mask, mask], 0).to(ScalarType.Int64))); // (2B, T, C)
    }

    protected override Tensor Run(Tensor embeds, Tensor mask)
    {
        using var split = adapter.AdaptRowsFrom(embeds.shape[0] / 2);
        return base.Run(embeds, mask);
    }

    /// <summary>An adapted lm_head applies to the second half of the rows only, as every other wrapper does.</summary>
    protected override Tensor RunHead(Tensor hidden)
    {
        using var split = adapter.AdaptRowsFrom(hidden.shape[0] / 2);
        return base.RunHead(hidden);
    }
}

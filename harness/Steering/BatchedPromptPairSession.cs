using SvDecode.Eval.Models;
using static TorchSharp.torch;

namespace SvDecode.Eval.Steering;

/// <summary>
/// The (base, adapted) pair for prompt tuning as one batched forward: the base rows have the virtual tokens masked
/// out (so their real tokens start at position 0), the adapted rows attend to them (real tokens from position n_v) —
/// exactly what two separate sessions compute, since positions are cumsum(mask) − 1 and masked slots are never attended.
/// </summary>
public sealed class BatchedPromptPairSession(CausalLanguageModel model, Tensor promptEmbeddings) : BatchedPairSession(model)
{
    public override DeferredPairLogits Prefill(Tensor ids, Tensor mask)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var b = ids.shape[0];
        var virtualCount = promptEmbeddings.shape[0];
        BeginRows(b, ids.device);
        var both = cat([ids, ids], 0);                                                                           // (2B, T)
        var prompt = promptEmbeddings.to(Model.parameters().First().dtype).unsqueeze(0).expand(2 * b, -1, -1);  // (2B, n_v, C)
        var embeds = cat([prompt, Model.EmbedTokens(both)], 1);                                                 // (2B, n_v + T, C)
        var virtualMask = cat([zeros(b, virtualCount, dtype: ScalarType.Int64, device: ids.device),
                               ones(b, virtualCount, dtype: ScalarType.Int64, device: ids.device)], 0);          // (2B, n_v)
        var fullMask = cat([virtualMask, cat([mask, mask], 0).to(ScalarType.Int64)], 1);                        // (2B, n_v + T)
        return Deferred(Run(embeds, fullMask).narrow(1, virtualCount, ids.shape[1]));                           // (2B, T, C)
    }
}

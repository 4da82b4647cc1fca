using SvDecode.Eval.Steering;
using TorchSharp;

namespace SvDecode.Eval.Tests.Steering;

/// <summary>A pair that returns the same (B, V) base and adapted logits at Start.</summary>
internal sealed class FixedPair(torch.Tensor baseLogits, torch.Tensor adaptedLogits) : IPairedLogitsSession
{
    public int VocabSize => (int)baseLogits.shape[1];

    public long BatchSize => baseLogits.shape[0];

    public torch.Device Device => baseLogits.device;

    public (torch.Tensor Base, torch.Tensor Adapted) Start(IReadOnlyList<IReadOnlyList<int>> prompts) => (baseLogits.clone(), adaptedLogits.clone());

    public DeferredPairLogits Prefill(torch.Tensor ids, torch.Tensor mask) => throw new NotSupportedException();

    public (torch.Tensor Base, torch.Tensor Adapted) Advance(torch.Tensor tokens) => throw new NotSupportedException();

    public DeferredPairLogits Extend(torch.Tensor tokens, torch.Tensor mask) => throw new NotSupportedException();

    public void Reorder(torch.Tensor rows)
    {
    }

    public void Dispose()
    {
    }
}

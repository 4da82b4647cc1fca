using static TorchSharp.torch;

namespace SvDecode.Eval.Decoding;

/// <summary>argmax over the full vocabulary; ties go to the lowest id (torch.argmax returns the first maximum).</summary>
public sealed class GreedySelector : ITokenSelector
{
    public int[] Select(Tensor logits)
    {
        using var scope = NewDisposeScope();
        return logits.argmax(-1).to(ScalarType.Int32).cpu().data<int>().ToArray();
    }
}

using static TorchSharp.torch;

namespace SvDecode.Eval.Decoding;

/// <summary>Picks one token per row from next-token logits (B, V); returns the ids on the host.</summary>
public interface ITokenSelector
{
    int[] Select(Tensor logits);
}

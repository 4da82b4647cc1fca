using static TorchSharp.torch;

namespace SvDecode.Eval.Models.Layers;

/// <summary>
/// The hidden state between decoder layers. In inference a layer's input is dead once its output exists; left to the
/// forward's dispose scope, every layer's hidden state would stay resident until the forward returns (layers × the
/// slice's hidden bytes: ~36 MiB of the steered scoring peak on a bfloat16 Qwen2.5-0.5B-shaped folder). In training
/// autograd holds what backward needs by its own reference, but those inputs require grad and are left alone anyway.
/// </summary>
public static class LayerOutputs
{
    /// <summary>Frees <paramref name="input"/> after the layer that read it, unless it is the caller's
    /// <paramref name="embeds"/> or takes part in autograd.</summary>
    public static void Release(Tensor input, Tensor embeds)
    {
        if (!ReferenceEquals(input, embeds) && !input.requires_grad)
        {
            input.Dispose();
        }
    }
}

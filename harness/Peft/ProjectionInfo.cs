using SvDecode.Eval.Models.Gpt2;
using SvDecode.Eval.Models.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace SvDecode.Eval.Peft;

/// <summary>
/// What a wrapper needs from the projection it wraps: sizes, the weight and whether the weight is stored [in, out]
/// (GPT-2's Conv1D; PEFT's fan_in_fan_out) instead of Linear's [out, in].
/// </summary>
public sealed record ProjectionInfo(long InFeatures, long OutFeatures, bool FanInFanOut, Tensor Weight)
{
    public static ProjectionInfo Of(nn.Module<Tensor, Tensor> module, string path) => module switch
    {
        LinearProjection linear => new(linear.InFeatures, linear.OutFeatures, false, linear.Weight),
        Conv1D conv => new(conv.InFeatures, conv.OutFeatures, true, conv.Weight),
        _ => throw new InvalidOperationException($"'{path}' is a {module.GetType().Name}, which PEFT wrappers cannot wrap (already wrapped?)"),
    };
}

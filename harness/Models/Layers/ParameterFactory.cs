using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SvDecode.Eval.Models.Layers;

/// <summary>
/// Allocates parameters uninitialised (torch.empty) in the model's dtype and on its device: the loader then copies
/// checkpoint tensors in one at a time, so a model is never held twice. On the meta device nothing is allocated.
/// </summary>
public sealed record ParameterFactory(ScalarType DType, Device Device)
{
    public static ParameterFactory Meta(ScalarType dtype = ScalarType.Float32) => new(dtype, new Device(TorchSharp.DeviceType.META));

    public Parameter Create(params long[] shape) => new(empty(shape, dtype: DType, device: Device), requires_grad: false);
}

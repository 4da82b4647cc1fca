using SvDecode.Eval.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SvDecode.Eval.Peft;

/// <summary>
/// Seeded initial values for adapter tensors, drawn on the CPU with one generator (so a seed gives the same adapter
/// on any device; TorchSharp's generators are CPU ones whatever device they are given) and moved to the model's
/// device; constant ones are made there directly. On the meta device nothing is drawn (shapes only).
/// Trainable adapter parameters are float32 whatever the model's dtype, as PEFT keeps them (autocast_adapter_dtype)
/// and mixed-precision training keeps master weights: AdamW's steps of ~lr = 5e-5 vanish in bfloat16 (1 − 5e-5
/// rounds to 1). The layers cast at their boundary: the forward runs in the model's dtype.
/// </summary>
public sealed class AdapterInit(int seed, Device device)
{
    private readonly Generator _generator = new((ulong)seed, device: CPU);

    public static ScalarType DType => ScalarType.Float32;

    public Device Device => device;

    private bool IsMeta => device.type == DeviceType.META;

    public Parameter Zeros(params long[] shape) => Make(shape, () => zeros(shape, dtype: DType, device: device));

    public Parameter Ones(params long[] shape) => Make(shape, () => ones(shape, dtype: DType, device: device));

    /// <summary>N(0, 1): torch.nn.Embedding's default, which PEFT's prompt/prefix tables use.</summary>
    public Parameter Normal(params long[] shape) => Make(shape, () => randn(shape, generator: _generator, device: CPU));

    /// <summary>U(−1/√fan_in, 1/√fan_in): kaiming_uniform_(a=√5), nn.Linear's weight and bias default and LoRA A's init.</summary>
    public Parameter KaimingUniform(long fanIn, params long[] shape)
    {
        var bound = 1.0 / Math.Sqrt(fanIn);
        return Make(shape, () => rand(shape, generator: _generator, device: CPU) * (2 * bound) - bound);
    }

    public Parameter From(Tensor value) => Make(value.shape, () => value.detach()); // cast and moved by Make, wherever it lives

    /// <summary>Where the parameters are made: the model's device.</summary>
    public static AdapterInit For(CausalLanguageModel model, int seed = 0) => new(seed, model.parameters().First().device);

    private Parameter Make(long[] shape, Func<Tensor> draw)
    {
        if (IsMeta)
        {
            return new Parameter(empty(shape, dtype: DType, device: device), requires_grad: true);
        }
        using var scope = NewDisposeScope();
        var value = draw().to(DType).to(device).detach().clone().DetachFromDisposeScope();
        return new Parameter(value, requires_grad: true);
    }
}

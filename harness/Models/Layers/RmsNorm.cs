using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SvDecode.Eval.Models.Layers;

/// <summary>RMSNorm as HF Llama computes it: in float32, <c>w * x / sqrt(mean(x²) + eps)</c>, cast back to x's dtype.</summary>
public sealed class RmsNorm : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // field names are checkpoint keys
    private readonly Parameter weight;
#pragma warning restore IDE1006
    private readonly double _eps;

    public RmsNorm(long size, double eps, ParameterFactory parameters) : base(nameof(RmsNorm))
    {
        weight = parameters.Create(size);
        _eps = eps;
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope(); // its (B, T, C) temporaries go when it returns, not with the layer
        if (x.dtype == ScalarType.Float32)
        {
            // The same arithmetic without the two casts: fewer ops per decode step.
            return (weight * (x * x.square().mean([-1L], keepdim: true).add_(_eps).rsqrt_())).MoveToOuterDisposeScope();
        }
        var x32 = x.to(ScalarType.Float32);
        var normed = x32 * rsqrt(x32.pow(2).mean([-1L], keepdim: true) + _eps);
        return (weight * normed.to(x.dtype)).MoveToOuterDisposeScope();
    }
}

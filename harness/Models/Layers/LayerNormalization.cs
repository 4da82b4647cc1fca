using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SvDecode.Eval.Models.Layers;

/// <summary>LayerNorm with biased variance and affine <c>weight</c>/<c>bias</c> (GPT-2's ln_1, ln_2, ln_f).</summary>
public sealed class LayerNormalization : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // field names are checkpoint keys
    private readonly Parameter weight;
    private readonly Parameter bias;
#pragma warning restore IDE1006
    private readonly long _size;
    private readonly double _eps;

    public LayerNormalization(long size, double eps, ParameterFactory parameters) : base(nameof(LayerNormalization))
    {
        weight = parameters.Create(size);
        bias = parameters.Create(size);
        _size = size;
        _eps = eps;
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => nn.functional.layer_norm(x, [_size], weight, bias, _eps);
}

using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SvDecode.Eval.Models.Layers;

/// <summary>y = x Wᵀ + b with the HF/PyTorch layout: <c>weight</c> is [out, in], <c>bias</c> is [out].</summary>
public sealed class LinearProjection : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // field names are checkpoint keys
    private readonly Parameter weight;
    private readonly Parameter? bias;
#pragma warning restore IDE1006

    public LinearProjection(long inFeatures, long outFeatures, bool hasBias, ParameterFactory parameters) : base(nameof(LinearProjection))
    {
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        weight = parameters.Create(outFeatures, inFeatures);
        bias = hasBias ? parameters.Create(outFeatures) : null;
        RegisterComponents();
    }

    /// <summary>Over given parameters: views of a fused tensor (<see cref="FusedLinear"/>).</summary>
    public LinearProjection(Parameter weight, Parameter? bias) : base(nameof(LinearProjection))
    {
        InFeatures = weight.shape[1];
        OutFeatures = weight.shape[0];
        this.weight = weight;
        this.bias = bias;
        RegisterComponents();
    }

    public long InFeatures { get; }

    public long OutFeatures { get; }

    /// <summary>[out, in]; PEFT wrappers read it.</summary>
    public Tensor Weight => weight;

    public Tensor? Bias => bias;

    public override Tensor forward(Tensor x) => FewRowProduct.Product(x, weight, bias);
}

using SvDecode.Eval.Models.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SvDecode.Eval.Models.Gpt2;

/// <summary>GPT-2's "Conv1D": a linear layer with the weight stored [in, out], y = x W + b.</summary>
public sealed class Conv1D : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // field names are checkpoint keys
    private readonly Parameter weight;
    private readonly Parameter bias;
#pragma warning restore IDE1006

    public Conv1D(long inFeatures, long outFeatures, ParameterFactory parameters) : base(nameof(Conv1D))
    {
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        weight = parameters.Create(inFeatures, outFeatures);
        bias = parameters.Create(outFeatures);
        RegisterComponents();
    }

    public long InFeatures { get; }

    public long OutFeatures { get; }

    /// <summary>[in, out] (note: transposed relative to Linear).</summary>
    public Tensor Weight => weight;

    public Tensor Bias => bias;

    /// <summary>(…, in) → (…, out).</summary>
    public override Tensor forward(Tensor x) => x.matmul(weight) + bias;
}

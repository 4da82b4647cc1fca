using SvDecode.Eval.Models.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace SvDecode.Eval.Models.Gpt2;

/// <summary>Pre-norm block: x += attn(ln_1(x)); x += mlp(ln_2(x)).</summary>
public sealed class Gpt2Block : nn.Module
{
#pragma warning disable IDE1006 // field names are checkpoint keys
    private readonly LayerNormalization ln_1;
    private readonly Gpt2Attention attn;
    private readonly LayerNormalization ln_2;
    private readonly Gpt2Mlp mlp;
#pragma warning restore IDE1006

    public Gpt2Block(ModelConfig config, ParameterFactory parameters) : base(nameof(Gpt2Block))
    {
        ln_1 = new LayerNormalization(config.HiddenSize, config.NormEps, parameters);
        attn = new Gpt2Attention(config, parameters);
        ln_2 = new LayerNormalization(config.HiddenSize, config.NormEps, parameters);
        mlp = new Gpt2Mlp(config, parameters);
        RegisterComponents();
    }

    /// <summary>x (B, T, C) → (B, T, C), in its own dispose scope (see LlamaDecoderLayer: one scope per forward would
    /// hold every layer's intermediates at once).</summary>
    public Tensor Forward(Tensor x, Tensor allowed, KvCache? cache, int layer)
    {
        using var scope = NewDisposeScope();
        var h = x + attn.Forward(ln_1.forward(x), allowed, cache, layer);
        return (h + mlp.forward(ln_2.forward(h))).MoveToOuterDisposeScope();
    }
}

using SvDecode.Eval.Models.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace SvDecode.Eval.Models.Llama;

/// <summary>Pre-norm block: x += attn(norm(x)); x += mlp(norm(x)).</summary>
public sealed class LlamaDecoderLayer : nn.Module
{
#pragma warning disable IDE1006 // field names are checkpoint keys
    private readonly LlamaAttention self_attn;
    private readonly LlamaMlp mlp;
    private readonly RmsNorm input_layernorm;
    private readonly RmsNorm post_attention_layernorm;
#pragma warning restore IDE1006

    public LlamaDecoderLayer(ModelConfig config, ParameterFactory parameters) : base(nameof(LlamaDecoderLayer))
    {
        self_attn = new LlamaAttention(config, parameters);
        mlp = new LlamaMlp(config, parameters);
        input_layernorm = new RmsNorm(config.HiddenSize, config.NormEps, parameters);
        post_attention_layernorm = new RmsNorm(config.HiddenSize, config.NormEps, parameters);
        RegisterComponents();
    }

    /// <summary>x (B, T, C) → (B, T, C). One dispose scope per layer: a dispose scope keeps every intermediate until it
    /// ends, so a scope around the whole forward would hold all layers' attention scores and MLP activations at once
    /// (8 GB and more for a batch through a 0.5B model). Autograd keeps what backward needs on its own.</summary>
    public Tensor Forward(Tensor x, Tensor cos, Tensor sin, Tensor bias, KvCache? cache, int layer)
    {
        using var scope = NewDisposeScope();
        var h = x + self_attn.Forward(input_layernorm.forward(x), cos, sin, bias, cache, layer);
        return (h + mlp.forward(post_attention_layernorm.forward(h))).MoveToOuterDisposeScope();
    }
}

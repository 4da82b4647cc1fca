using SvDecode.Eval.Models.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace SvDecode.Eval.Models.Gpt2;

/// <summary>Multi-head causal self-attention; c_attn produces [q | k | v] in one projection.</summary>
public sealed class Gpt2Attention : nn.Module, IProjectionHost
{
#pragma warning disable IDE1006 // field names are checkpoint keys
    private nn.Module<Tensor, Tensor> c_attn;
    private nn.Module<Tensor, Tensor> c_proj;
#pragma warning restore IDE1006
    private readonly int _heads;
    private readonly int _headDim;

    public Gpt2Attention(ModelConfig config, ParameterFactory parameters) : base(nameof(Gpt2Attention))
    {
        _heads = config.NumHeads;
        _headDim = config.HeadDim;
        c_attn = new Conv1D(config.HiddenSize, 3L * config.HiddenSize, parameters);
        c_proj = new Conv1D(config.HiddenSize, config.HiddenSize, parameters);
        RegisterComponents();
    }

    public IReadOnlyList<string> ProjectionNames { get; } = ["c_attn", "c_proj"];

    /// <summary>x (B, T, C), allowed (B, 1, T, S) → (B, T, C).</summary>
    public Tensor Forward(Tensor x, Tensor allowed, KvCache? cache, int layer)
    {
        var (b, t, c) = (x.shape[0], x.shape[1], x.shape[2]);
        var qkv = c_attn.forward(x).split(c, 2);                                   // 3 × (B, T, C)
        var q = qkv[0].view(b, t, _heads, _headDim).transpose(1, 2);               // (B, nh, T, hs)
        var k = qkv[1].view(b, t, _heads, _headDim).transpose(1, 2);
        var v = qkv[2].view(b, t, _heads, _headDim).transpose(1, 2);
        if (cache is not null)
        {
            (k, v) = cache.Append(layer, k, v);                                    // (B, nh, S, hs)
        }
        var scores = q.matmul(k.transpose(-2, -1)).to(ScalarType.Float32) / Math.Sqrt(_headDim); // (B, nh, T, S)
        scores = scores.masked_fill(allowed.logical_not(), AttentionMask.MaskedScore);
        var y = scores.softmax(-1).to(x.dtype).matmul(v);                          // (B, nh, T, hs)
        y = y.transpose(1, 2).reshape(b, t, c);                                    // (B, T, C)
        return c_proj.forward(y);
    }

    public nn.Module<Tensor, Tensor> GetProjection(string name) => name switch
    {
        "c_attn" => c_attn,
        "c_proj" => c_proj,
        _ => throw new ArgumentException($"No projection '{name}' in attn.", nameof(name)),
    };

    public void SetProjection(string name, nn.Module<Tensor, Tensor> module)
    {
        _ = GetProjection(name);
        if (name == "c_attn")
        {
            c_attn = module;
        }
        else
        {
            c_proj = module;
        }
        register_module(name, null!);
        register_module(name, module);
    }
}

using SvDecode.Eval.Models.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace SvDecode.Eval.Models.Llama;

/// <summary>Grouped-query self-attention with RoPE (Llama, Mistral, Qwen2 with q/k/v bias).</summary>
public sealed class LlamaAttention : nn.Module, IProjectionHost
{
#pragma warning disable IDE1006 // field names are checkpoint keys
    private nn.Module<Tensor, Tensor> q_proj;
    private nn.Module<Tensor, Tensor> k_proj;
    private nn.Module<Tensor, Tensor> v_proj;
    private nn.Module<Tensor, Tensor> o_proj;
#pragma warning restore IDE1006
    private readonly int _heads;
    private readonly int _kvHeads;
    private readonly int _headDim;
    private readonly FusedLinear _qkv; // q/k/v weights (and biases) as one tensor; the three projections hold views of it

    public LlamaAttention(ModelConfig config, ParameterFactory parameters) : base(nameof(LlamaAttention))
    {
        _heads = config.NumHeads;
        _kvHeads = config.NumKeyValueHeads;
        _headDim = config.HeadDim;
        _qkv = FusedLinear.Create(config.HiddenSize, [_heads * _headDim, _kvHeads * _headDim, _kvHeads * _headDim], config.QkvBias, parameters);
        (q_proj, k_proj, v_proj) = (_qkv.Parts[0], _qkv.Parts[1], _qkv.Parts[2]);
        o_proj = new LinearProjection(_heads * _headDim, config.HiddenSize, config.OutputBias, parameters);
        RegisterComponents();
    }

    public IReadOnlyList<string> ProjectionNames { get; } = ["q_proj", "k_proj", "v_proj", "o_proj"];

    /// <summary>x (B, T, C), cos and signed sin (B, 1, T, hs) from <see cref="RotaryEmbedding.CosSin"/>, bias (B, 1, T, S) float32 from <see cref="AttentionMask.Bias"/> → (B, T, C).</summary>
    public Tensor Forward(Tensor x, Tensor cos, Tensor signedSin, Tensor bias, KvCache? cache, int layer)
    {
        using var scope = NewDisposeScope(); // queries, repeated keys and values, scores: freed here, before the MLP runs
        var (b, t) = (x.shape[0], x.shape[1]);
        var qkv = _qkv.Forward(x, q_proj, k_proj, v_proj) ?? [q_proj.forward(x), k_proj.forward(x), v_proj.forward(x)]; // (B, T, nh·hs), (B, T, nkv·hs) ×2
        var q = Heads(qkv[0], b, t, _heads);                                       // (B, nh, T, hs)
        var k = Heads(qkv[1], b, t, _kvHeads);                                     // (B, nkv, T, hs)
        var v = Heads(qkv[2], b, t, _kvHeads);                                     // (B, nkv, T, hs)
        q = RotaryEmbedding.Apply(q, cos, signedSin);
        k = RotaryEmbedding.Apply(k, cos, signedSin);
        if (cache is not null)
        {
            (k, v) = cache.Append(layer, k, v);                                    // (B, nkv, S, hs)
        }
        k = RepeatKv(k);                                                           // (B, nh, S, hs)
        v = RepeatKv(v);
        var y = Attend(q, k, v, bias);                                             // (B, nh, T, hs)
        // One decode token: (B, nh, 1, hs) already has the element order of (B, 1, nh·hs).
        y = t == 1 ? y.reshape(b, 1, _heads * _headDim) : y.transpose(1, 2).reshape(b, t, _heads * _headDim); // (B, T, nh·hs)
        return o_proj.forward(y).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// (B, T, h·hs) → (B, h, T, hs). For one token (a decode step) a single view does it, since (B, 1, h, hs) and
    /// (B, h, 1, hs) share a layout: a decode step is bound by the number of ops, so each one saved counts. The input
    /// may be a slice of the fused q/k/v product (rows Σout apart): splitting its last dimension is still a view.
    /// </summary>
    private Tensor Heads(Tensor projected, long b, long t, int heads) =>
        t == 1 ? projected.view(b, heads, 1, _headDim) : projected.view(b, t, heads, _headDim).transpose(1, 2);

    /// <summary>
    /// softmax(q kᵀ / √hs + bias) v. In float32 one fused kernel (LibTorch's CPU flash attention: no (B, nh, T, S) score
    /// tensor is written and read back, which dominates long prefills); in bf16/fp16 the scores are taken to float32
    /// first, as HF does, so half-precision numerics stay those of the reference path.
    /// </summary>
    private Tensor Attend(Tensor q, Tensor k, Tensor v, Tensor bias)
    {
        if (q.dtype == ScalarType.Float32)
        {
            return nn.functional.scaled_dot_product_attention(q, k, v, bias);
        }
        // One (B, nh, T, S) float32 tensor at a time beside the softmax: the half-precision product and the float32
        // probabilities are freed once converted, the scaling and the mask are added in place (the same arithmetic).
        Tensor scores;                                                               // (B, nh, T, S) float32
        using (var keysT = k.transpose(-2, -1))
        using (var product = q.matmul(keysT))
        {
            scores = product.to(ScalarType.Float32);
        }
        scores.div_(Math.Sqrt(_headDim)).add_(bias);
        Tensor probabilities;                                                        // (B, nh, T, S) in q's dtype
        using (var softmax = scores.softmax(-1))
        {
            scores.Dispose();
            probabilities = softmax.to(q.dtype);
        }
        using (probabilities)
        {
            return probabilities.matmul(v);
        }
    }

    /// <summary>(B, nkv, S, hs) → (B, nh, S, hs): query head h reads kv head h / (nh / nkv), like HF repeat_kv.</summary>
    private Tensor RepeatKv(Tensor kv)
    {
        var groups = _heads / _kvHeads;
        if (groups == 1)
        {
            return kv;
        }
        var (b, s) = (kv.shape[0], kv.shape[2]);
        return kv.unsqueeze(2).expand(b, _kvHeads, groups, s, _headDim).reshape(b, _heads, s, _headDim);
    }

    public nn.Module<Tensor, Tensor> GetProjection(string name) => name switch
    {
        "q_proj" => q_proj,
        "k_proj" => k_proj,
        "v_proj" => v_proj,
        "o_proj" => o_proj,
        _ => throw new ArgumentException($"No projection '{name}' in self_attn.", nameof(name)),
    };

    public void SetProjection(string name, nn.Module<Tensor, Tensor> module)
    {
        _ = GetProjection(name);
        switch (name)
        {
            case "q_proj": q_proj = module; break;
            case "k_proj": k_proj = module; break;
            case "v_proj": v_proj = module; break;
            default: o_proj = module; break;
        }
        register_module(name, null!);
        register_module(name, module);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _qkv.Dispose();
        }
        base.Dispose(disposing);
    }
}

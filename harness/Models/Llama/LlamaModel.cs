using SvDecode.Eval.Models.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SvDecode.Eval.Models.Llama;

/// <summary>The transformer body (checkpoint prefix "model."): embeddings, decoder layers, final RMSNorm.</summary>
public sealed class LlamaModel : nn.Module
{
#pragma warning disable IDE1006 // field names are checkpoint keys
    private readonly TokenEmbedding embed_tokens;
    private readonly ModuleList<LlamaDecoderLayer> layers;
    private readonly RmsNorm norm;
#pragma warning restore IDE1006
    private readonly RotaryEmbedding _rotary;
    private readonly int? _slidingWindow;

    public LlamaModel(ModelConfig config, ParameterFactory parameters) : base(nameof(LlamaModel))
    {
        embed_tokens = new TokenEmbedding(config.VocabSize, config.HiddenSize, parameters);
        layers = new ModuleList<LlamaDecoderLayer>(
            Enumerable.Range(0, config.NumLayers).Select(_ => new LlamaDecoderLayer(config, parameters)).ToArray());
        norm = new RmsNorm(config.HiddenSize, config.NormEps, parameters);
        _rotary = new RotaryEmbedding(config);
        _slidingWindow = config.SlidingWindow;
        RegisterComponents();
    }

    public TokenEmbedding EmbedTokens => embed_tokens;

    /// <summary>embeds (B, T, C), mask (B, T), positions (B, T) → final hidden states (B, T, C); layers recompute their
    /// activations in backward when <paramref name="checkpointing"/> is given.</summary>
    public Tensor Forward(Tensor embeds, Tensor attentionMask, Tensor positionIds, KvCache? cache, GradientCheckpointing? checkpointing = null)
    {
        var keyMask = cache is null ? attentionMask.to(ScalarType.Bool) : cache.AppendMask(attentionMask); // (B, S)
        var allowed = AttentionMask.Causal(keyMask, embeds.shape[1], _slidingWindow);                                 // (B, 1, T, S)
        var bias = AttentionMask.Bias(allowed);                                                             // (B, 1, T, S) float32, once for all layers
        var (cos, sin) = _rotary.CosSin(positionIds, embeds.dtype);                                         // (B, 1, T, hs): cos, signed sin
        var x = embeds;
        for (var i = 0; i < layers.Count; i++)
        {
            var layer = layers[i];
            var next = checkpointing is null
                ? layer.Forward(x, cos, sin, bias, cache, i)
                : checkpointing.Run((h, c) => layer.Forward(h, c[0], c[1], c[2], null, i), x, cos, sin, bias);
            LayerOutputs.Release(x, embeds);
            x = next;
        }
        return norm.forward(x);
    }
}

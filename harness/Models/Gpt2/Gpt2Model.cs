using SvDecode.Eval.Models.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SvDecode.Eval.Models.Gpt2;

/// <summary>The GPT-2 body (checkpoint prefix "transformer."): token + learned position embeddings, blocks, ln_f.</summary>
public sealed class Gpt2Model : nn.Module
{
#pragma warning disable IDE1006 // field names are checkpoint keys
    private readonly TokenEmbedding wte;
    private readonly TokenEmbedding wpe;
    private readonly ModuleList<Gpt2Block> h;
    private readonly LayerNormalization ln_f;
#pragma warning restore IDE1006
    private readonly int _maxPositions;

    public Gpt2Model(ModelConfig config, ParameterFactory parameters) : base(nameof(Gpt2Model))
    {
        wte = new TokenEmbedding(config.VocabSize, config.HiddenSize, parameters);
        wpe = new TokenEmbedding(config.MaxPositionEmbeddings, config.HiddenSize, parameters);
        h = new ModuleList<Gpt2Block>(Enumerable.Range(0, config.NumLayers).Select(_ => new Gpt2Block(config, parameters)).ToArray());
        ln_f = new LayerNormalization(config.HiddenSize, config.NormEps, parameters);
        _maxPositions = config.MaxPositionEmbeddings;
        RegisterComponents();
    }

    public TokenEmbedding Wte => wte;

    /// <summary>embeds (B, T, C) (token embeddings only), mask (B, T), positions (B, T) → hidden (B, T, C); blocks
    /// recompute their activations in backward when <paramref name="checkpointing"/> is given.</summary>
    public Tensor Forward(Tensor embeds, Tensor attentionMask, Tensor positionIds, KvCache? cache, GradientCheckpointing? checkpointing = null)
    {
        if (positionIds.max().ToInt64() >= _maxPositions)
        {
            throw new InputException($"The input needs position {positionIds.max().ToInt64()}, but this GPT-2 has n_positions = {_maxPositions} (config.json).");
        }
        var keyMask = cache is null ? attentionMask.to(ScalarType.Bool) : cache.AppendMask(attentionMask); // (B, S)
        var allowed = AttentionMask.Causal(keyMask, embeds.shape[1]);                                       // (B, 1, T, S)
        var x = embeds + wpe.forward(positionIds);
        for (var i = 0; i < h.Count; i++)
        {
            var block = h[i];
            var next = checkpointing is null
                ? block.Forward(x, allowed, cache, i)
                : checkpointing.Run((hidden, c) => block.Forward(hidden, c[0], null, i), x, allowed);
            LayerOutputs.Release(x, embeds);
            x = next;
        }
        return ln_f.forward(x);
    }
}

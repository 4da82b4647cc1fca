using SvDecode.Eval.Models.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace SvDecode.Eval.Models;

/// <summary>
/// A decoder-only LM whose module tree mirrors the Hugging Face checkpoint keys. One forward call processes T new
/// positions for B rows; with a <see cref="KvCache"/> earlier positions are reused, so a decode step costs one position.
/// Extension points for PEFT: <see cref="ReplaceProjection"/> (LoRA/IA3 wrappers), <c>inputsEmbeds</c>
/// (prompt tuning) and <see cref="KvCache.WithPrefix"/> (prefix tuning).
/// </summary>
public abstract class CausalLanguageModel : nn.Module
{
    protected CausalLanguageModel(string name, ModelConfig config) : base(name) => Config = config;

    public ModelConfig Config { get; }

    private long _weightBytes;

    /// <summary>The bytes of the model's own parameters in their dtype (measured once, the first time it is asked):
    /// what working-memory budgets are sized by.</summary>
    public long WeightBytes
    {
        get
        {
            if (_weightBytes == 0)
            {
                _weightBytes = parameters().Sum(p => p.numel() * p.ElementSize);
            }
            return _weightBytes;
        }
    }

    /// <summary>Token ids (B, T) → input embeddings (B, T, C): what prompt tuning prepends its virtual tokens to.</summary>
    public abstract Tensor EmbedTokens(Tensor inputIds);

    /// <summary>
    /// The final hidden states (B, T, C) (after the last norm) in the model's dtype for T new positions: what the LM
    /// head turns into logits. Callers that need logits at a few positions apply <see cref="Head"/> to those alone,
    /// so a 152K-token vocabulary never costs B × T × V.
    /// <paramref name="inputsEmbeds"/>: (B, T, C); <paramref name="attentionMask"/>: (B, T), 1 for real tokens, 0 for pads
    /// (the cache keeps earlier slots' masks); <paramref name="positionIds"/>: (B, T).
    /// </summary>
    public abstract Tensor ForwardHidden(Tensor inputsEmbeds, Tensor attentionMask, Tensor positionIds, KvCache? cache = null);

    /// <summary>The LM head: hidden states (…, C) → logits (…, V) in the model's dtype.</summary>
    public abstract Tensor Head(Tensor hidden);

    /// <summary>Logits (B, T, V) for T new positions: <see cref="Head"/> over <see cref="ForwardHidden"/>. For small
    /// models and tests; the sessions keep hidden states and project only the positions they need.</summary>
    public Tensor ForwardEmbeds(Tensor inputsEmbeds, Tensor attentionMask, Tensor positionIds, KvCache? cache = null)
    {
        using var scope = NewDisposeScope();
        return Head(ForwardHidden(inputsEmbeds, attentionMask, positionIds, cache)).MoveToOuterDisposeScope();
    }

    /// <summary>Convenience: ids (B, T) → logits (B, T, V).</summary>
    public Tensor Forward(Tensor inputIds, Tensor attentionMask, Tensor positionIds, KvCache? cache = null)
    {
        using var scope = NewDisposeScope();
        var embeds = EmbedTokens(inputIds);
        return ForwardEmbeds(embeds, attentionMask, positionIds, cache).MoveToOuterDisposeScope();
    }

    public KvCache NewCache() => new(Config.NumLayers);

    /// <summary>
    /// Activation checkpointing for training forwards (null: off). The warm-start trainer sets it; it applies only
    /// in training mode with autograd on and without a cache (prefix tuning's cache is appended to by every forward, so
    /// a recomputation could not replay it: prefix tuning trains without checkpointing).
    /// </summary>
    public GradientCheckpointing? Checkpointing { get; set; }

    /// <summary>The generators of the random draws layers make in training (LoRA dropout), replayed by checkpointing.</summary>
    public IList<Generator> DropoutGenerators { get; } = new List<Generator>();

    /// <summary><see cref="Checkpointing"/> when this forward should use it.</summary>
    protected GradientCheckpointing? CheckpointingFor(KvCache? cache) =>
        Checkpointing is { } checkpointing && cache is null && training && is_grad_enabled() ? checkpointing : null;

    /// <summary>Every swappable projection (Linear, or GPT-2 Conv1D), in module order.</summary>
    public IEnumerable<ProjectionPath> Projections =>
        ModulesWithRoot()
            .Where(m => m.module is IProjectionHost)
            .SelectMany(m => ((IProjectionHost)m.module).ProjectionNames.Select(n => new ProjectionPath(Join(m.name, n), n)));

    /// <summary>
    /// Replaces the projection at <paramref name="path"/> (e.g. "model.layers.0.self_attn.q_proj") with
    /// <c>factory(current)</c>. This is how PEFT wraps layers without forking model code.
    /// </summary>
    public void ReplaceProjection(string path, Func<nn.Module<Tensor, Tensor>, nn.Module<Tensor, Tensor>> factory)
    {
        var split = path.LastIndexOf('.');
        var parentPath = split < 0 ? "" : path[..split];
        var name = path[(split + 1)..];
        var parent = ModulesWithRoot().FirstOrDefault(m => m.name == parentPath).module as IProjectionHost;
        if (parent is null || !parent.ProjectionNames.Contains(name))
        {
            throw new ArgumentException($"'{path}' is not a projection of this model.", nameof(path));
        }
        parent.SetProjection(name, factory(parent.GetProjection(name)));
    }

    /// <summary>named_modules() plus this model itself under the empty path (it may own lm_head).</summary>
    private IEnumerable<(string name, nn.Module module)> ModulesWithRoot() => named_modules().Prepend(("", this));

    private static string Join(string parent, string name) => parent.Length == 0 ? name : $"{parent}.{name}";
}

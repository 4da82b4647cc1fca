using SvDecode.Eval.Models.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace SvDecode.Eval.Models.Llama;

/// <summary>Llama / Mistral / Qwen2 with an LM head (untied "lm_head", or tied to model.embed_tokens).</summary>
public sealed class LlamaForCausalLM : CausalLanguageModel, IProjectionHost
{
#pragma warning disable IDE1006 // field names are checkpoint keys
    private readonly LlamaModel model;
    private nn.Module<Tensor, Tensor>? lm_head;
#pragma warning restore IDE1006

    public LlamaForCausalLM(ModelConfig config, ParameterFactory parameters) : base(nameof(LlamaForCausalLM), config)
    {
        model = new LlamaModel(config, parameters);
        lm_head = config.TieWordEmbeddings ? null : new LinearProjection(config.HiddenSize, config.VocabSize, false, parameters);
        RegisterComponents();
    }

    public IReadOnlyList<string> ProjectionNames => lm_head is null ? [] : ["lm_head"];

    public override Tensor EmbedTokens(Tensor inputIds) => model.EmbedTokens.forward(inputIds);

    public override Tensor ForwardHidden(Tensor inputsEmbeds, Tensor attentionMask, Tensor positionIds, KvCache? cache = null) =>
        model.Forward(inputsEmbeds, attentionMask, positionIds, cache, CheckpointingFor(cache));   // (B, T, C)

    public override Tensor Head(Tensor hidden) => lm_head is null
        ? FewRowProduct.Product(hidden, model.EmbedTokens.Weight, null)                          // tied: (…, V)
        : lm_head.forward(hidden);

    public nn.Module<Tensor, Tensor> GetProjection(string name) =>
        name == "lm_head" && lm_head is not null ? lm_head : throw new ArgumentException($"No projection '{name}'.", nameof(name));

    public void SetProjection(string name, nn.Module<Tensor, Tensor> module)
    {
        _ = GetProjection(name);
        lm_head = module;
        register_module(name, null!);
        register_module(name, module);
    }
}

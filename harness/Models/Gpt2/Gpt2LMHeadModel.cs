using SvDecode.Eval.Models.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace SvDecode.Eval.Models.Gpt2;

/// <summary>GPT-2 with its LM head tied to transformer.wte (as every GPT-2 checkpoint is).</summary>
public sealed class Gpt2LMHeadModel : CausalLanguageModel
{
#pragma warning disable IDE1006 // field names are checkpoint keys
    private readonly Gpt2Model transformer;
#pragma warning restore IDE1006

    public Gpt2LMHeadModel(ModelConfig config, ParameterFactory parameters) : base(nameof(Gpt2LMHeadModel), config)
    {
        transformer = new Gpt2Model(config, parameters);
        RegisterComponents();
    }

    public override Tensor EmbedTokens(Tensor inputIds) => transformer.Wte.forward(inputIds);

    public override Tensor ForwardHidden(Tensor inputsEmbeds, Tensor attentionMask, Tensor positionIds, KvCache? cache = null) =>
        transformer.Forward(inputsEmbeds, attentionMask, positionIds, cache, CheckpointingFor(cache));  // (B, T, C)

    public override Tensor Head(Tensor hidden) => FewRowProduct.Product(hidden, transformer.Wte.Weight, null); // (…, V)
}

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

    public override Tensor ForwardEmbeds(Tensor inputsEmbeds, Tensor attentionMask, Tensor positionIds, KvCache? cache = null)
    {
        using var scope = NewDisposeScope();
        var hidden = transformer.Forward(inputsEmbeds, attentionMask, positionIds, cache);  // (B, T, C)
        return nn.functional.linear(hidden, transformer.Wte.Weight).MoveToOuterDisposeScope(); // (B, T, V)
    }
}

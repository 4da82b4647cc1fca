using SvDecode.Eval.Models.Gpt2;
using SvDecode.Eval.Models.Layers;
using SvDecode.Eval.Models.Llama;

namespace SvDecode.Eval.Models;

/// <summary>Builds the module tree for a config with uninitialised (or meta) parameters.</summary>
public static class CausalLanguageModelFactory
{
    public static CausalLanguageModel Create(ModelConfig config, ParameterFactory parameters) => config.Architecture switch
    {
        ModelArchitecture.Gpt2 => new Gpt2LMHeadModel(config, parameters),
        _ => new LlamaForCausalLM(config, parameters),
    };
}

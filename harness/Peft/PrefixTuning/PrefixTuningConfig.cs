using System.Text.Json.Nodes;
using SvDecode.Eval.Models;
using SvDecode.Eval.Peft.PromptTuning;

namespace SvDecode.Eval.Peft.PrefixTuning;

/// <summary>
/// PEFT's PrefixTuningConfig for a causal LM. As PEFT sets it for GQA models, token_dim is n_kv·head_dim and
/// num_attention_heads is n_kv: the prefix holds one key and one value per kv head and layer.
/// </summary>
public sealed record PrefixTuningConfig : IPeftConfig
{
    public required int NumVirtualTokens { get; init; }

    /// <summary>n_kv · head_dim.</summary>
    public required int TokenDim { get; init; }

    public required int NumLayers { get; init; }

    /// <summary>n_kv.</summary>
    public required int NumAttentionHeads { get; init; }

    /// <summary>Train through an MLP (token_dim → encoder_hidden_size → tanh → L·2·token_dim); saved already projected.</summary>
    public bool PrefixProjection { get; init; }

    public int EncoderHiddenSize { get; init; }

    public string? BaseModelNameOrPath { get; init; }

    public PeftMethod Method => PeftMethod.PrefixTuning;

    /// <summary>Columns of the saved table: L · 2 · token_dim.</summary>
    public long TableWidth => (long)NumLayers * 2 * TokenDim;

    public static PrefixTuningConfig FromFile(AdapterConfigFile file)
    {
        PromptTuningConfig.RequireSingleSubmodule(file);
        return new PrefixTuningConfig
        {
            NumVirtualTokens = PromptTuningConfig.Positive(file, "num_virtual_tokens"),
            TokenDim = PromptTuningConfig.Positive(file, "token_dim"),
            NumLayers = PromptTuningConfig.Positive(file, "num_layers"),
            NumAttentionHeads = PromptTuningConfig.Positive(file, "num_attention_heads"),
            PrefixProjection = file.Bool("prefix_projection", false),
            EncoderHiddenSize = file.Int("encoder_hidden_size") ?? 0,
            BaseModelNameOrPath = file.String("base_model_name_or_path"),
        };
    }

    public JsonObject ToJson() => new()
    {
        ["auto_mapping"] = null,
        ["base_model_name_or_path"] = BaseModelNameOrPath,
        ["encoder_hidden_size"] = EncoderHiddenSize,
        ["inference_mode"] = true,
        ["num_attention_heads"] = NumAttentionHeads,
        ["num_layers"] = NumLayers,
        ["num_transformer_submodules"] = 1,
        ["num_virtual_tokens"] = NumVirtualTokens,
        ["peft_type"] = PeftTypes.Of(Method),
        ["prefix_projection"] = PrefixProjection,
        ["revision"] = null,
        ["task_type"] = PeftFiles.CausalLmTaskType,
        ["token_dim"] = TokenDim,
    };
}

using System.Text.Json.Nodes;
using SvDecode.Eval.Models;

namespace SvDecode.Eval.Peft.PromptTuning;

/// <summary>PEFT's PromptTuningConfig: n_v virtual token embeddings of the model's hidden size.</summary>
public sealed record PromptTuningConfig : IPeftConfig
{
    public required int NumVirtualTokens { get; init; }

    public required int TokenDim { get; init; }

    public required int NumLayers { get; init; }

    public required int NumAttentionHeads { get; init; }

    public PromptInit Init { get; init; } = PromptInit.Random;

    public string? InitText { get; init; }

    public string? BaseModelNameOrPath { get; init; }

    public PeftMethod Method => PeftMethod.PromptTuning;

    public static PromptTuningConfig FromFile(AdapterConfigFile file)
    {
        RequireSingleSubmodule(file);
        var init = file.String("prompt_tuning_init") ?? "RANDOM";
        return new PromptTuningConfig
        {
            NumVirtualTokens = Positive(file, "num_virtual_tokens"),
            TokenDim = Positive(file, "token_dim"),
            NumLayers = file.Int("num_layers") ?? 0,
            NumAttentionHeads = file.Int("num_attention_heads") ?? 0,
            Init = init switch
            {
                "RANDOM" => PromptInit.Random,
                "TEXT" => PromptInit.Text,
                _ => throw file.Error("prompt_tuning_init", $"'{init}' is not supported; RANDOM or TEXT"),
            },
            InitText = file.String("prompt_tuning_init_text"),
            BaseModelNameOrPath = file.String("base_model_name_or_path"),
        };
    }

    internal static void RequireSingleSubmodule(AdapterConfigFile file)
    {
        if (file.Int("num_transformer_submodules") is { } n && n != 1)
        {
            throw file.Error("num_transformer_submodules", $"{n}: decoder-only models have 1");
        }
    }

    internal static int Positive(AdapterConfigFile file, string field)
    {
        var value = file.RequiredInt(field);
        return value >= 1 ? value : throw file.Error(field, $"{value} must be at least 1");
    }

    public JsonObject ToJson() => new()
    {
        ["auto_mapping"] = null,
        ["base_model_name_or_path"] = BaseModelNameOrPath,
        ["inference_mode"] = true,
        ["num_attention_heads"] = NumAttentionHeads,
        ["num_layers"] = NumLayers,
        ["num_transformer_submodules"] = 1,
        ["num_virtual_tokens"] = NumVirtualTokens,
        ["peft_type"] = PeftTypes.Of(Method),
        ["prompt_tuning_init"] = Init == PromptInit.Text ? "TEXT" : "RANDOM",
        ["prompt_tuning_init_text"] = Init == PromptInit.Text ? InitText : null,
        ["revision"] = null,
        ["task_type"] = PeftFiles.CausalLmTaskType,
        ["token_dim"] = TokenDim,
        ["tokenizer_name_or_path"] = Init == PromptInit.Text ? BaseModelNameOrPath : null,
    };
}

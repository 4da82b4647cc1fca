using System.Text.Json;
using SvDecode.Eval.Platform;

namespace SvDecode.Eval.Models;

/// <summary>
/// Strict reader of Hugging Face config.json for the supported architectures. Fields this tool uses are checked for
/// type and range; values it cannot honour (an unknown rope_scaling type, a GPT-2 activation other than gelu_new...)
/// are <see cref="InputException"/>s naming the file and the field. Keys it does not use are ignored: every HF config
/// carries dozens of them (torch_dtype, use_cache, transformers_version...).
/// </summary>
public static class ModelConfigParser
{
    private static readonly Dictionary<string, ModelArchitecture> ArchitectureNames = new()
    {
        ["LlamaForCausalLM"] = ModelArchitecture.Llama,
        ["MistralForCausalLM"] = ModelArchitecture.Mistral,
        ["Qwen2ForCausalLM"] = ModelArchitecture.Qwen2,
        ["GPT2LMHeadModel"] = ModelArchitecture.Gpt2,
    };

    private static readonly Dictionary<string, ModelArchitecture> ModelTypes = new()
    {
        ["llama"] = ModelArchitecture.Llama,
        ["mistral"] = ModelArchitecture.Mistral,
        ["qwen2"] = ModelArchitecture.Qwen2,
        ["gpt2"] = ModelArchitecture.Gpt2,
    };

    /// <summary>Reads <c>config.json</c> in <paramref name="modelDir"/>.</summary>
    public static ModelConfig Load(string modelDir)
    {
        var path = Path.Combine(modelDir, "config.json");
        InputPath.RequireReadableFile(path, "config.json", notFound: Directory.Exists(modelDir)
            ? $"Model folder {modelDir} has no config.json."
            : $"Model folder {modelDir} not found.");
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses config.json text; <paramref name="source"/> names the file in errors.</summary>
    public static ModelConfig Parse(string json, string source = "config.json")
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new InputException($"{source} is not valid JSON: {e.Message}", e);
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new InputException($"{source} must hold a JSON object.");
            }
            // config.json errors keep their form: file: field "name": problem.
            var reader = new JsonFields(document.RootElement, (field, problem) => new InputException($"{source}: field \"{field}\": {problem}."));
            var architecture = ReadArchitecture(reader);
            return architecture == ModelArchitecture.Gpt2 ? ReadGpt2(reader) : ReadLlamaFamily(reader, architecture);
        }
    }

    private static ModelArchitecture ReadArchitecture(JsonFields reader)
    {
        var architectures = reader.OptionalStringArray("architectures");
        if (architectures is { Count: > 0 })
        {
            return ArchitectureNames.TryGetValue(architectures[0], out var a)
                ? a
                : throw reader.Error("architectures", $"'{architectures[0]}' is not supported; supported: LlamaForCausalLM, MistralForCausalLM, Qwen2ForCausalLM, GPT2LMHeadModel");
        }
        var modelType = reader.OptionalString("model_type")
            ?? throw reader.Error("architectures", "neither \"architectures\" nor \"model_type\" is present");
        return ModelTypes.TryGetValue(modelType, out var fromType)
            ? fromType
            : throw reader.Error("model_type", $"'{modelType}' is not supported; supported: llama, mistral, qwen2, gpt2");
    }

    private static ModelConfig ReadLlamaFamily(JsonFields reader, ModelArchitecture architecture)
    {
        var hidden = reader.PositiveInt("hidden_size");
        var heads = reader.PositiveInt("num_attention_heads");
        var kvHeads = reader.OptionalPositiveInt("num_key_value_heads") ?? heads;
        if (heads % kvHeads != 0)
        {
            throw reader.Error("num_key_value_heads", $"{kvHeads} does not divide num_attention_heads ({heads})");
        }
        var headDim = reader.OptionalPositiveInt("head_dim") ?? (hidden % heads == 0
            ? hidden / heads
            : throw reader.Error("num_attention_heads", $"{heads} does not divide hidden_size ({hidden}) and head_dim is absent"));
        if (headDim % 2 != 0)
        {
            throw reader.Error("head_dim", $"{headDim} must be even for rotary embeddings");
        }
        var attentionBias = reader.OptionalBool("attention_bias") ?? false;
        if (reader.OptionalBool("mlp_bias") == true)
        {
            throw reader.Error("mlp_bias", "true is not supported (no supported checkpoint uses MLP biases)");
        }
        var hiddenAct = reader.OptionalString("hidden_act") ?? "silu";
        if (hiddenAct != "silu")
        {
            throw reader.Error("hidden_act", $"'{hiddenAct}' is not supported; supported: silu");
        }
        return new ModelConfig
        {
            Architecture = architecture,
            VocabSize = reader.PositiveInt("vocab_size"),
            HiddenSize = hidden,
            IntermediateSize = reader.PositiveInt("intermediate_size"),
            NumLayers = reader.PositiveInt("num_hidden_layers"),
            NumHeads = heads,
            NumKeyValueHeads = kvHeads,
            HeadDim = headDim,
            MaxPositionEmbeddings = reader.OptionalPositiveInt("max_position_embeddings") ?? 2048,
            NormEps = reader.OptionalPositiveDouble("rms_norm_eps") ?? 1e-6,
            RopeTheta = reader.OptionalPositiveDouble("rope_theta") ?? 10000,
            RopeScaling = ReadRopeScaling(reader),
            TieWordEmbeddings = reader.OptionalBool("tie_word_embeddings") ?? false,
            QkvBias = architecture == ModelArchitecture.Qwen2 || attentionBias,
            OutputBias = architecture != ModelArchitecture.Qwen2 && attentionBias,
            SlidingWindow = ReadSlidingWindow(reader, architecture),
            BosTokenId = reader.OptionalTokenIds("bos_token_id")?[0],
            EosTokenIds = reader.OptionalTokenIds("eos_token_id") ?? [],
            PadTokenId = reader.OptionalTokenIds("pad_token_id")?[0],
        };
    }

    /// <summary>
    /// Mistral applies sliding_window in every layer. Qwen2 carries the field but uses it only with
    /// use_sliding_window (then per layer, from max_window_layers), which no Qwen2.5 release enables: refuse that case.
    /// </summary>
    private static int? ReadSlidingWindow(JsonFields reader, ModelArchitecture architecture) => architecture switch
    {
        ModelArchitecture.Mistral => reader.OptionalPositiveInt("sliding_window"),
        ModelArchitecture.Qwen2 when reader.OptionalBool("use_sliding_window") == true =>
            throw reader.Error("use_sliding_window", "true is not supported (per-layer sliding windows)"),
        _ => null,
    };

    private static RopeScaling? ReadRopeScaling(JsonFields reader)
    {
        var scaling = reader.OptionalObject("rope_scaling");
        if (scaling is null)
        {
            return null;
        }
        var sub = reader.Nested(scaling.Value, "rope_scaling");
        var type = sub.OptionalString("rope_type") ?? sub.OptionalString("type")
            ?? throw reader.Error("rope_scaling.rope_type", "missing (expected \"llama3\" or \"linear\")");
        var factor = sub.OptionalPositiveDouble("factor") ?? throw reader.Error("rope_scaling.factor", "missing");
        return type switch
        {
            "linear" => new RopeScaling("linear", factor),
            "llama3" => new RopeScaling(
                "llama3",
                factor,
                sub.OptionalPositiveDouble("low_freq_factor") ?? throw reader.Error("rope_scaling.low_freq_factor", "missing"),
                sub.OptionalPositiveDouble("high_freq_factor") ?? throw reader.Error("rope_scaling.high_freq_factor", "missing"),
                sub.OptionalPositiveInt("original_max_position_embeddings") ?? throw reader.Error("rope_scaling.original_max_position_embeddings", "missing")),
            "default" => null,
            _ => throw reader.Error("rope_scaling.rope_type", $"'{type}' is not supported; supported: llama3, linear"),
        };
    }

    private static ModelConfig ReadGpt2(JsonFields reader)
    {
        var activation = reader.OptionalString("activation_function") ?? "gelu_new";
        if (activation != "gelu_new")
        {
            throw reader.Error("activation_function", $"'{activation}' is not supported; supported: gelu_new");
        }
        var hidden = reader.PositiveInt("n_embd");
        var heads = reader.PositiveInt("n_head");
        if (hidden % heads != 0)
        {
            throw reader.Error("n_head", $"{heads} does not divide n_embd ({hidden})");
        }
        var inner = reader.OptionalPositiveInt("n_inner") ?? 4 * hidden;
        if (reader.OptionalBool("scale_attn_by_inverse_layer_idx") == true || reader.OptionalBool("reorder_and_upcast_attn") == true)
        {
            throw reader.Error("scale_attn_by_inverse_layer_idx", "GPT-2 attention variants are not supported");
        }
        return new ModelConfig
        {
            Architecture = ModelArchitecture.Gpt2,
            VocabSize = reader.PositiveInt("vocab_size"),
            HiddenSize = hidden,
            IntermediateSize = inner,
            NumLayers = reader.PositiveInt("n_layer"),
            NumHeads = heads,
            NumKeyValueHeads = heads,
            HeadDim = hidden / heads,
            MaxPositionEmbeddings = reader.PositiveInt("n_positions"),
            NormEps = reader.OptionalPositiveDouble("layer_norm_epsilon") ?? 1e-5,
            TieWordEmbeddings = reader.OptionalBool("tie_word_embeddings") ?? true,
            QkvBias = true,
            OutputBias = true,
            BosTokenId = reader.OptionalTokenIds("bos_token_id")?[0],
            EosTokenIds = reader.OptionalTokenIds("eos_token_id") ?? [],
            PadTokenId = reader.OptionalTokenIds("pad_token_id")?[0],
        };
    }
}

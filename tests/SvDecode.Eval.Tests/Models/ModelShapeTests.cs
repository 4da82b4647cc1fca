using Snapshooter.Xunit;
using SvDecode.Eval.Models;
using SvDecode.Eval.Models.Layers;
using Xunit;

namespace SvDecode.Eval.Tests.Models;

/// <summary>
/// Real checkpoints' module trees, built on the meta device (no memory): parameter names and shapes are pinned by
/// snapshots, and the totals must equal the published parameter counts (an independent check of the architecture).
/// </summary>
public sealed class ModelShapeTests
{
    public const string Qwen25_1_5B = """
        {"architectures": ["Qwen2ForCausalLM"], "attention_dropout": 0.0, "bos_token_id": 151643, "eos_token_id": 151643,
         "hidden_act": "silu", "hidden_size": 1536, "initializer_range": 0.02, "intermediate_size": 8960,
         "max_position_embeddings": 131072, "max_window_layers": 28, "model_type": "qwen2", "num_attention_heads": 12,
         "num_hidden_layers": 28, "num_key_value_heads": 2, "rms_norm_eps": 1e-06, "rope_theta": 1000000.0,
         "sliding_window": 131072, "tie_word_embeddings": true, "torch_dtype": "bfloat16", "transformers_version": "4.40.1",
         "use_cache": true, "use_sliding_window": false, "vocab_size": 151936}
        """;

    public const string Qwen25_7B = """
        {"architectures": ["Qwen2ForCausalLM"], "attention_dropout": 0.0, "bos_token_id": 151643, "eos_token_id": 151643,
         "hidden_act": "silu", "hidden_size": 3584, "initializer_range": 0.02, "intermediate_size": 18944,
         "max_position_embeddings": 131072, "max_window_layers": 28, "model_type": "qwen2", "num_attention_heads": 28,
         "num_hidden_layers": 28, "num_key_value_heads": 4, "rms_norm_eps": 1e-06, "rope_theta": 1000000.0,
         "sliding_window": 131072, "tie_word_embeddings": false, "torch_dtype": "bfloat16", "transformers_version": "4.40.1",
         "use_cache": true, "use_sliding_window": false, "vocab_size": 152064}
        """;

    public const string Llama31_8B = """
        {"architectures": ["LlamaForCausalLM"], "attention_bias": false, "attention_dropout": 0.0, "bos_token_id": 128000,
         "eos_token_id": [128001, 128008, 128009], "hidden_act": "silu", "hidden_size": 4096, "initializer_range": 0.02,
         "intermediate_size": 14336, "max_position_embeddings": 131072, "mlp_bias": false, "model_type": "llama",
         "num_attention_heads": 32, "num_hidden_layers": 32, "num_key_value_heads": 8, "pretraining_tp": 1,
         "rms_norm_eps": 1e-05, "rope_scaling": {"factor": 8.0, "low_freq_factor": 1.0, "high_freq_factor": 4.0,
         "original_max_position_embeddings": 8192, "rope_type": "llama3"}, "rope_theta": 500000.0,
         "tie_word_embeddings": false, "torch_dtype": "bfloat16", "transformers_version": "4.43.0.dev0", "use_cache": true,
         "vocab_size": 128256}
        """;

    public const string Gpt2 = """
        {"activation_function": "gelu_new", "architectures": ["GPT2LMHeadModel"], "attn_pdrop": 0.1, "bos_token_id": 50256,
         "embd_pdrop": 0.1, "eos_token_id": 50256, "initializer_range": 0.02, "layer_norm_epsilon": 1e-05,
         "model_type": "gpt2", "n_ctx": 1024, "n_embd": 768, "n_head": 12, "n_layer": 12, "n_positions": 1024,
         "resid_pdrop": 0.1, "summary_activation": null, "summary_first_dropout": 0.1, "summary_proj_to_labels": true,
         "summary_type": "cls_index", "summary_use_proj": true, "vocab_size": 50257}
        """;

    private static ModelShape Shape(string json)
    {
        var config = ModelConfigParser.Parse(json);
        using var model = CausalLanguageModelFactory.Create(config, ParameterFactory.Meta());
        var parameters = model.named_parameters().Select(p => new ParameterShape(p.name, p.parameter.shape)).ToList();
        return new ModelShape(config.Architecture.ToString(), parameters.Sum(p => p.Shape.Aggregate(1L, (n, d) => n * d)), parameters);
    }

    [Fact]
    public void Qwen25_1_5B_Shapes()
    {
        var shape = Shape(Qwen25_1_5B);
        Assert.Equal(1_543_714_304, shape.TotalParameters);
        Snapshot.Match(shape);
    }

    [Fact]
    public void Qwen25_7B_Shapes()
    {
        var shape = Shape(Qwen25_7B);
        Assert.Equal(7_615_616_512, shape.TotalParameters);
        Snapshot.Match(shape);
    }

    [Fact]
    public void Llama31_8B_Shapes()
    {
        var shape = Shape(Llama31_8B);
        Assert.Equal(8_030_261_248, shape.TotalParameters);
        Snapshot.Match(shape);
    }

    [Fact]
    public void Gpt2_Shapes()
    {
        var shape = Shape(Gpt2);
        Assert.Equal(124_439_808, shape.TotalParameters);
        Snapshot.Match(shape);
    }

    public sealed record ParameterShape(string Name, long[] Shape);

    public sealed record ModelShape(string Architecture, long TotalParameters, IReadOnlyList<ParameterShape> Parameters);
}

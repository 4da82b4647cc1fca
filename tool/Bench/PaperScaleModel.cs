namespace SvDecode.Eval.Tool.Bench;

/// <summary>
/// A checkpoint users run, by its exact Hugging Face config.json (architecture, vocabulary, tied head, biases, RoPE),
/// so a random-weight folder of it has the real shapes: what memory and speed are measured on before GPU time is spent.
/// </summary>
public sealed record PaperScaleModel(string Name, string ConfigJson, string About)
{
    /// <summary>Qwen/Qwen2.5-0.5B's config.json: 494M parameters, vocabulary 151,936, tied embeddings, q/k/v biases.</summary>
    public static PaperScaleModel Qwen25HalfB { get; } = new("qwen2.5-0.5b", """
        {
          "architectures": ["Qwen2ForCausalLM"],
          "attention_dropout": 0.0,
          "bos_token_id": 151643,
          "eos_token_id": 151643,
          "hidden_act": "silu",
          "hidden_size": 896,
          "initializer_range": 0.02,
          "intermediate_size": 4864,
          "max_position_embeddings": 32768,
          "max_window_layers": 24,
          "model_type": "qwen2",
          "num_attention_heads": 14,
          "num_hidden_layers": 24,
          "num_key_value_heads": 2,
          "rms_norm_eps": 1e-06,
          "rope_theta": 1000000.0,
          "sliding_window": 32768,
          "tie_word_embeddings": true,
          "torch_dtype": "bfloat16",
          "transformers_version": "4.40.1",
          "use_cache": true,
          "use_sliding_window": false,
          "vocab_size": 151936
        }
        """, "Qwen2.5-0.5B (494M parameters, vocabulary 151,936, tied head, q/k/v biases)");

    /// <summary>meta-llama/Llama-3.2-1B's config.json: 1.24B parameters, vocabulary 128,256, tied, llama3 RoPE scaling.</summary>
    public static PaperScaleModel Llama32OneB { get; } = new("llama-3.2-1b", """
        {
          "architectures": ["LlamaForCausalLM"],
          "attention_bias": false,
          "attention_dropout": 0.0,
          "bos_token_id": 128000,
          "eos_token_id": 128001,
          "head_dim": 64,
          "hidden_act": "silu",
          "hidden_size": 2048,
          "initializer_range": 0.02,
          "intermediate_size": 8192,
          "max_position_embeddings": 131072,
          "mlp_bias": false,
          "model_type": "llama",
          "num_attention_heads": 32,
          "num_hidden_layers": 16,
          "num_key_value_heads": 8,
          "pretraining_tp": 1,
          "rms_norm_eps": 1e-05,
          "rope_scaling": {
            "factor": 32.0,
            "high_freq_factor": 4.0,
            "low_freq_factor": 1.0,
            "original_max_position_embeddings": 8192,
            "rope_type": "llama3"
          },
          "rope_theta": 500000.0,
          "tie_word_embeddings": true,
          "torch_dtype": "bfloat16",
          "transformers_version": "4.45.0.dev0",
          "use_cache": true,
          "vocab_size": 128256
        }
        """, "Llama-3.2-1B (1.24B parameters, vocabulary 128,256, tied head, llama3 RoPE scaling)");

    public static IReadOnlyList<PaperScaleModel> All { get; } = [Qwen25HalfB, Llama32OneB];

    public static PaperScaleModel Named(string name) =>
        All.FirstOrDefault(m => m.Name == name)
        ?? throw new InputException($"Unknown paper-scale model '{name}'; one of {string.Join(", ", All.Select(m => m.Name))}.");
}

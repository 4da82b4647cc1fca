using System.Globalization;

namespace SvDecode.Eval.Tool.Bench;

/// <summary>A Llama-shaped model to benchmark: multi-head attention (n_kv = n_heads), untied head, fp32.</summary>
public sealed record BenchModelShape(string Name, int Hidden, int Layers, int Heads, int Intermediate, int Vocab)
{
    /// <summary>Issue 10's ~27M model (hidden 512, 6 layers, 8 heads, intermediate 1408, vocab 8000).</summary>
    public static BenchModelShape Small { get; } = new("llama-27m", 512, 6, 8, 1408, 8000);

    /// <summary>Issue 10's ~134M model (hidden 768, 12 layers, 12 heads, intermediate 2048, vocab 32000).</summary>
    public static BenchModelShape Medium { get; } = new("llama-134m", 768, 12, 12, 2048, 32000);

    /// <summary>The smoke suite's model: big enough to exercise every code path, small enough for CI.</summary>
    public static BenchModelShape Tiny { get; } = new("llama-tiny", 64, 2, 4, 176, 512);

    /// <summary>Weights that take part in matrix products: every layer's 4 attention and 3 MLP projections, and lm_head.</summary>
    public long MatmulParameters => (long)Layers * (4L * Hidden * Hidden + 3L * Hidden * Intermediate) + (long)Vocab * Hidden;

    /// <summary>All parameters: the matmul ones plus the embedding table and the RMSNorm gains.</summary>
    public long TotalParameters => MatmulParameters + (long)Vocab * Hidden + (2L * Layers + 1) * Hidden;

    public string ConfigJson(int maxPositions = 2048) => string.Create(CultureInfo.InvariantCulture, $$"""
        {"architectures": ["LlamaForCausalLM"], "model_type": "llama", "vocab_size": {{Vocab}}, "hidden_size": {{Hidden}},
         "intermediate_size": {{Intermediate}}, "num_hidden_layers": {{Layers}}, "num_attention_heads": {{Heads}},
         "num_key_value_heads": {{Heads}}, "rms_norm_eps": 1e-5, "rope_theta": 10000.0, "tie_word_embeddings": false,
         "max_position_embeddings": {{maxPositions}}, "bos_token_id": 1, "eos_token_id": 2, "torch_dtype": "float32"}
        """);
}

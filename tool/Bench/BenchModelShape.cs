using System.Globalization;
using SvDecode.Eval.Models;
using static TorchSharp.torch;

namespace SvDecode.Eval.Tool.Bench;

/// <summary>
/// A model to benchmark, described by its config.json (a Llama-family decoder: Llama, Mistral or Qwen2, with
/// grouped-query attention, q/k/v and output biases and a tied or untied head as the config says) and the dtype its
/// weights are stored and run in. <see cref="Source"/> is set for a real checkpoint's shape, whose folder
/// <see cref="PaperScaleFolder"/> writes; the others are written by <see cref="RandomModelFolder"/>.
/// </summary>
public sealed record BenchModelShape
{
    private BenchModelShape(string name, string configJson, ScalarType dtype, PaperScaleModel? source)
    {
        Name = name;
        ConfigJson = configJson;
        DType = dtype;
        Source = source;
        Config = ModelConfigParser.Parse(configJson, $"{name} config.json");
        if (Config.Architecture == ModelArchitecture.Gpt2)
        {
            throw new ArgumentException($"{name}: the bench counts Llama-family weights (q/k/v/o and gate/up/down projections); GPT-2 is not one.", nameof(configJson));
        }
    }

    /// <summary>Issue 10's ~27M model (hidden 512, 6 layers, 8 heads, intermediate 1408, vocab 8000).</summary>
    public static BenchModelShape Small { get; } = Llama("llama-27m", 512, 6, 8, 1408, 8000);

    /// <summary>Issue 10's ~134M model (hidden 768, 12 layers, 12 heads, intermediate 2048, vocab 32000).</summary>
    public static BenchModelShape Medium { get; } = Llama("llama-134m", 768, 12, 12, 2048, 32000);

    /// <summary>The smoke suite's model: big enough to exercise every code path, small enough for CI.</summary>
    public static BenchModelShape Tiny { get; } = Llama("llama-tiny", 64, 2, 4, 176, 512);

    /// <summary>The paper-smoke suite's model: Qwen2's features (grouped-query attention, q/k/v biases, tied head)
    /// at a size CI runs in seconds, written the way the paper-scale folders are.</summary>
    public static BenchModelShape TinyQwen2 { get; } = Checkpoint(new PaperScaleModel("qwen2-tiny", """
        {
          "architectures": ["Qwen2ForCausalLM"],
          "model_type": "qwen2",
          "hidden_size": 64,
          "intermediate_size": 160,
          "num_attention_heads": 4,
          "num_hidden_layers": 2,
          "num_key_value_heads": 2,
          "max_position_embeddings": 2048,
          "rms_norm_eps": 1e-06,
          "rope_theta": 1000000.0,
          "tie_word_embeddings": true,
          "torch_dtype": "bfloat16",
          "use_sliding_window": false,
          "bos_token_id": 1,
          "eos_token_id": 2,
          "vocab_size": 640
        }
        """, "a tiny Qwen2 (grouped-query attention, q/k/v biases, tied head)"), ScalarType.Float32);

    public string Name { get; }

    /// <summary>The folder's config.json, byte for byte (a folder whose config differs is rewritten).</summary>
    public string ConfigJson { get; }

    public ModelConfig Config { get; }

    /// <summary>The weights' dtype in the folder and in the loaded model.</summary>
    public ScalarType DType { get; }

    /// <summary>The real checkpoint whose config this is, or null for a hand-made Llama shape.</summary>
    public PaperScaleModel? Source { get; }

    public int Vocab => Config.VocabSize;

    /// <summary>A Llama shape of multi-head attention (n_kv = n_heads), untied head, fp32.</summary>
    public static BenchModelShape Llama(string name, int hidden, int layers, int heads, int intermediate, int vocab) =>
        new(name, string.Create(CultureInfo.InvariantCulture, $$"""
            {"architectures": ["LlamaForCausalLM"], "model_type": "llama", "vocab_size": {{vocab}}, "hidden_size": {{hidden}},
             "intermediate_size": {{intermediate}}, "num_hidden_layers": {{layers}}, "num_attention_heads": {{heads}},
             "num_key_value_heads": {{heads}}, "rms_norm_eps": 1e-5, "rope_theta": 10000.0, "tie_word_embeddings": false,
             "max_position_embeddings": 2048, "bos_token_id": 1, "eos_token_id": 2, "torch_dtype": "float32"}
            """), ScalarType.Float32, null);

    /// <summary>A real checkpoint's shape in <paramref name="dtype"/>, named e.g. "qwen2.5-0.5b-bf16".</summary>
    public static BenchModelShape Checkpoint(PaperScaleModel model, ScalarType dtype) =>
        new($"{model.Name}-{ShortName(dtype)}", PaperScaleFolder.ConfigFor(model, dtype), dtype, model);

    /// <summary>Any Llama-family config.json (e.g. a real folder's) in <paramref name="dtype"/>: for counting.</summary>
    public static BenchModelShape FromConfig(string name, string configJson, ScalarType dtype) => new(name, configJson, dtype, null);

    private int QueryWidth => Config.NumHeads * Config.HeadDim;

    private int KeyValueWidth => Config.NumKeyValueHeads * Config.HeadDim;

    /// <summary>
    /// Weights that take part in matrix products: every layer's q, k, v (n_kv heads each under grouped-query
    /// attention) and o projections, its 3 MLP projections, and the head (the embedding table itself when tied: it
    /// is read as a matrix at every position all the same).
    /// </summary>
    public long MatmulParameters
    {
        get
        {
            long hidden = Config.HiddenSize;
            var attention = hidden * QueryWidth + 2 * hidden * KeyValueWidth + (long)QueryWidth * hidden;
            var mlp = 3 * hidden * Config.IntermediateSize;
            return Config.NumLayers * (attention + mlp) + (long)Config.VocabSize * hidden;
        }
    }

    /// <summary>All parameters: the matmul ones, the embedding table unless the head is it, the RMSNorm gains and the
    /// biases the config names (q/k/v, o).</summary>
    public long TotalParameters
    {
        get
        {
            long hidden = Config.HiddenSize;
            var embeddings = Config.TieWordEmbeddings ? 0 : (long)Config.VocabSize * hidden;
            var gains = (2L * Config.NumLayers + 1) * hidden;
            var qkvBias = Config.QkvBias ? (long)Config.NumLayers * (QueryWidth + 2 * KeyValueWidth) : 0;
            var outputBias = Config.OutputBias ? Config.NumLayers * hidden : 0;
            return MatmulParameters + embeddings + gains + qkvBias + outputBias;
        }
    }

    public int BytesPerParameter => DType switch
    {
        ScalarType.Float32 => 4,
        ScalarType.BFloat16 or ScalarType.Float16 => 2,
        _ => throw new NotSupportedException($"{Name}: bench weights are float32, bfloat16 or float16, not {DType}."),
    };

    /// <summary>Bytes of all weights in <see cref="DType"/>: what loading them should cost.</summary>
    public long WeightBytes => TotalParameters * BytesPerParameter;

    /// <summary>Bytes of the matmul weights in <see cref="DType"/>: what a decode step streams.</summary>
    public long MatmulWeightBytes => MatmulParameters * BytesPerParameter;

    public static string ShortName(ScalarType dtype) => dtype switch
    {
        ScalarType.BFloat16 => "bf16",
        ScalarType.Float16 => "fp16",
        _ => "fp32",
    };
}

using SvDecode.Eval.Models;
using SvDecode.Eval.Models.Layers;
using SvDecode.Eval.Models.Safetensors;
using static TorchSharp.torch;

namespace SvDecode.Eval.Tests.Models;

/// <summary>
/// Writes a tiny random Hugging Face model folder (config.json + model.safetensors) into a temp directory, for tests
/// that check invariants (cache, padding, shared contexts, leaks) without any fixture.
/// </summary>
public sealed class TinyModelFolder : IDisposable
{
    public const string LlamaConfig = """
        {"architectures": ["LlamaForCausalLM"], "vocab_size": 61, "hidden_size": 32, "intermediate_size": 48,
         "num_hidden_layers": 2, "num_attention_heads": 4, "num_key_value_heads": 2, "rms_norm_eps": 1e-5,
         "rope_theta": 10000.0, "tie_word_embeddings": false, "max_position_embeddings": 128, "eos_token_id": 2}
        """;

    public const string Qwen2Config = """
        {"architectures": ["Qwen2ForCausalLM"], "vocab_size": 61, "hidden_size": 32, "intermediate_size": 48,
         "num_hidden_layers": 2, "num_attention_heads": 4, "num_key_value_heads": 1, "rms_norm_eps": 1e-6,
         "rope_theta": 1000000.0, "tie_word_embeddings": true, "max_position_embeddings": 128}
        """;

    public const string Gpt2Config = """
        {"architectures": ["GPT2LMHeadModel"], "vocab_size": 61, "n_embd": 32, "n_layer": 2, "n_head": 4,
         "n_positions": 64, "layer_norm_epsilon": 1e-5, "activation_function": "gelu_new"}
        """;

    public TinyModelFolder(string configJson, int seed = 1234)
    {
        Directory = Path.Combine(Path.GetTempPath(), "svdecode-tiny-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        File.WriteAllText(Path.Combine(Directory, "config.json"), configJson);
        var config = ModelConfigParser.Parse(configJson);
        using var model = CausalLanguageModelFactory.Create(config, new ParameterFactory(ScalarType.Float32, CPU));
        var generator = new Generator((ulong)seed);
        var tensors = new Dictionary<string, Tensor>();
        foreach (var (name, parameter) in model.named_parameters())
        {
            // Norm gains near 1, everything else small and random, so logits spread over a few units.
            var isGain = name.EndsWith("norm.weight", StringComparison.Ordinal) || name.Contains("ln_", StringComparison.Ordinal) && name.EndsWith(".weight", StringComparison.Ordinal);
            tensors[name] = isGain
                ? 1 + 0.1 * randn(parameter.shape, generator: generator)
                : 0.3 * randn(parameter.shape, generator: generator);
        }
        SafetensorsWriter.Save(Path.Combine(Directory, "model.safetensors"), tensors);
        foreach (var t in tensors.Values)
        {
            t.Dispose();
        }
    }

    public string Directory { get; }

    public CausalLanguageModel Load() => ModelLoader.Load(Directory);

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // a leftover temp folder is harmless
        }
    }
}

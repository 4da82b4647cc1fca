using SvDecode.Eval.Models;
using SvDecode.Eval.Models.Llama;
using Xunit;

namespace SvDecode.Eval.Tests.Models;

public sealed class ModelConfigParserTests
{
    [Fact]
    public void ReadsLlama31WithRopeScalingAndEosList()
    {
        var config = ModelConfigParser.Parse(ModelShapeTests.Llama31_8B);
        Assert.Equal(ModelArchitecture.Llama, config.Architecture);
        Assert.Equal((32, 32, 8, 128), (config.NumLayers, config.NumHeads, config.NumKeyValueHeads, config.HeadDim));
        Assert.Equal(new RopeScaling("llama3", 8, 1, 4, 8192), config.RopeScaling);
        Assert.Equal([128001, 128008, 128009], config.EosTokenIds);
        Assert.Equal(128000, config.BosTokenId);
        Assert.False(config.TieWordEmbeddings);
        Assert.False(config.QkvBias);
    }

    [Fact]
    public void Qwen2AlwaysHasQkvBiasButNoOutputBias()
    {
        var config = ModelConfigParser.Parse(ModelShapeTests.Qwen25_1_5B);
        Assert.Equal(ModelArchitecture.Qwen2, config.Architecture);
        Assert.True(config.QkvBias);
        Assert.False(config.OutputBias);
        Assert.True(config.TieWordEmbeddings);
        Assert.Equal(1e6, config.RopeTheta);
    }

    [Fact]
    public void ModelTypeIsUsedWhenArchitecturesIsAbsent()
    {
        var config = ModelConfigParser.Parse("""{"model_type": "mistral", "vocab_size": 10, "hidden_size": 8, "intermediate_size": 16, "num_hidden_layers": 1, "num_attention_heads": 2}""");
        Assert.Equal(ModelArchitecture.Mistral, config.Architecture);
        Assert.Equal(2, config.NumKeyValueHeads); // default = heads
        Assert.Null(config.SlidingWindow);
        Assert.Equal(4096, ModelConfigParser.Parse("""{"model_type": "mistral", "vocab_size": 10, "hidden_size": 8, "intermediate_size": 16, "num_hidden_layers": 1, "num_attention_heads": 2, "sliding_window": 4096}""").SlidingWindow);
        Assert.Equal(4, config.HeadDim);
    }

    [Theory]
    [InlineData("""{"architectures": ["FalconForCausalLM"]}""", "architectures")]
    [InlineData("""{"architectures": ["LlamaForCausalLM"], "vocab_size": 10, "hidden_size": 8, "intermediate_size": 16, "num_hidden_layers": 1}""", "num_attention_heads")]
    [InlineData("""{"architectures": ["LlamaForCausalLM"], "vocab_size": "ten", "hidden_size": 8, "intermediate_size": 16, "num_hidden_layers": 1, "num_attention_heads": 2}""", "vocab_size")]
    [InlineData("""{"architectures": ["LlamaForCausalLM"], "vocab_size": 10, "hidden_size": 8, "intermediate_size": 16, "num_hidden_layers": 1, "num_attention_heads": 2, "num_key_value_heads": 3}""", "num_key_value_heads")]
    [InlineData("""{"architectures": ["LlamaForCausalLM"], "vocab_size": 10, "hidden_size": 8, "intermediate_size": 16, "num_hidden_layers": 1, "num_attention_heads": 2, "rope_scaling": {"rope_type": "yarn", "factor": 4}}""", "rope_scaling.rope_type")]
    [InlineData("""{"architectures": ["LlamaForCausalLM"], "vocab_size": 10, "hidden_size": 8, "intermediate_size": 16, "num_hidden_layers": 1, "num_attention_heads": 2, "rope_scaling": {"rope_type": "llama3", "factor": 8}}""", "rope_scaling.low_freq_factor")]
    [InlineData("""{"architectures": ["GPT2LMHeadModel"], "vocab_size": 10, "n_embd": 8, "n_layer": 1, "n_head": 2, "n_positions": 16, "activation_function": "relu"}""", "activation_function")]
    [InlineData("""{"architectures": ["GPT2LMHeadModel"], "vocab_size": 10, "n_embd": 8, "n_layer": 1, "n_head": 3, "n_positions": 16}""", "n_head")]
    [InlineData("""not json""", "not valid JSON")]
    [InlineData("""{"architectures": ["Qwen2ForCausalLM"], "vocab_size": 10, "hidden_size": 8, "intermediate_size": 16, "num_hidden_layers": 1, "num_attention_heads": 2, "use_sliding_window": true}""", "use_sliding_window")]
    [InlineData("""{"architectures": ["LlamaForCausalLM"], "vocab_size": 10, "hidden_size": 8, "intermediate_size": 16, "num_hidden_layers": 1, "num_attention_heads": 2, "mlp_bias": true}""", "mlp_bias")]
    public void UnsupportedOrInvalidValuesNameTheFileAndField(string json, string field)
    {
        var error = Assert.Throws<InputException>(() => ModelConfigParser.Parse(json, "/models/x/config.json"));
        Assert.Contains("/models/x/config.json", error.Message);
        Assert.Contains(field, error.Message);
    }

    [Fact]
    public void Llama3RopeScalingKeepsHighFrequenciesAndSlowsLowOnes()
    {
        // Independent expectation from the definition: wavelength 2π/f below 8192/4 → unchanged; above 8192/1 → f/8.
        var plain = RotaryEmbedding.InverseFrequencies(128, 500000, null);
        var scaled = RotaryEmbedding.InverseFrequencies(128, 500000, new RopeScaling("llama3", 8, 1, 4, 8192));
        for (var i = 0; i < plain.Length; i++)
        {
            var wavelength = 2 * Math.PI / plain[i];
            if (wavelength < 2048)
            {
                Assert.Equal(plain[i], scaled[i]);
            }
            else if (wavelength > 8192)
            {
                Assert.Equal(plain[i] / 8, scaled[i], 1e-6 * plain[i]);
            }
            else
            {
                Assert.InRange(scaled[i], plain[i] / 8, plain[i]);
            }
        }
        Assert.Equal(1.0f, plain[0]);
        Assert.Equal(Math.Pow(500000, -2.0 / 128), plain[1], 1e-7);
    }
}

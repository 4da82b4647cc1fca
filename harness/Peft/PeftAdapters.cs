using SvDecode.Eval.Models;
using SvDecode.Eval.Peft.Ia3;
using SvDecode.Eval.Peft.Lora;
using SvDecode.Eval.Peft.PrefixTuning;
using SvDecode.Eval.Peft.PromptTuning;
using SvDecode.Eval.Tokenization;

namespace SvDecode.Eval.Peft;

/// <summary>
/// The one place the four methods are registered by <see cref="PeftMethod"/>: a fresh adapter from the pipeline's
/// warm-start settings, or a saved one from a Hugging Face PEFT folder.
/// </summary>
public static class PeftAdapters
{
    /// <summary>A freshly initialised adapter (seeded) attached to <paramref name="model"/>.</summary>
    public static IPeftAdapter Create(CausalLanguageModel model, IPeftConfig config, int seed, ITextTokenizer? tokenizer = null) => config switch
    {
        LoraConfig lora => LoraAdapter.Create(model, lora, seed),
        Ia3Config ia3 => Ia3Adapter.Create(model, ia3),
        PromptTuningConfig prompt => PromptTuningAdapter.Create(model, prompt, seed, tokenizer),
        PrefixTuningConfig prefix => PrefixTuningAdapter.Create(model, prefix, seed),
        _ => throw new ArgumentException($"unknown PEFT configuration {config.GetType().Name}", nameof(config)),
    };

    /// <summary>Reads a PEFT folder (adapter_config.json + adapter_model.safetensors) and attaches it to <paramref name="model"/>.</summary>
    public static IPeftAdapter Load(string directory, CausalLanguageModel model)
    {
        var file = AdapterConfigFile.Read(directory);
        var peftType = file.RequiredString("peft_type");
        var method = PeftTypes.Parse(peftType)
            ?? throw file.Error("peft_type", $"'{peftType}' is not supported; supported: {string.Join(", ", PeftTypes.All)}");
        file.RequireCausalLm();
        var config = ReadConfig(method, file);
        using var weights = AdapterWeightsFile.Open(directory);
        return config switch
        {
            LoraConfig lora => LoraAdapter.Load(model, lora, file, weights),
            Ia3Config ia3 => Ia3Adapter.Load(model, ia3, file, weights),
            PromptTuningConfig prompt => PromptTuningAdapter.Load(model, prompt, file, weights),
            PrefixTuningConfig prefix => PrefixTuningAdapter.Load(model, prefix, file, weights),
            _ => throw new InvalidOperationException(),
        };
    }

    private static IPeftConfig ReadConfig(PeftMethod method, AdapterConfigFile file) => method switch
    {
        PeftMethod.Lora => LoraConfig.FromFile(file),
        PeftMethod.Ia3 => Ia3Config.FromFile(file),
        PeftMethod.PromptTuning => PromptTuningConfig.FromFile(file),
        PeftMethod.PrefixTuning => PrefixTuningConfig.FromFile(file),
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, null),
    };
}

namespace SvDecode.Eval.Peft;

/// <summary>The Hugging Face PEFT folder layout and key conventions.</summary>
public static class PeftFiles
{
    public const string ConfigFileName = "adapter_config.json";

    public const string WeightsFileName = "adapter_model.safetensors";

    /// <summary>PEFT saves module-wrapper tensors as base_model.model.&lt;module path&gt;.&lt;suffix&gt; (adapter name removed).</summary>
    public const string ModulePrefix = "base_model.model.";

    /// <summary>Virtual-token methods save one table under this key.</summary>
    public const string PromptEmbeddingsKey = "prompt_embeddings";

    public const string CausalLmTaskType = "CAUSAL_LM";

    public static string ModuleKey(string modulePath, string suffix) => $"{ModulePrefix}{modulePath}.{suffix}";
}

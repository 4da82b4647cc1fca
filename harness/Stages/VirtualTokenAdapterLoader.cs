using System.Text.Json;
using SvDecode.Eval.Decoding;
using SvDecode.Eval.Models;
using SvDecode.Eval.Models.Safetensors;
using SvDecode.Eval.Peft;
using SvDecode.Eval.Pipeline.Spec;
using static TorchSharp.torch;

namespace SvDecode.Eval.Stages;

/// <summary>
/// A small stand-in for the PEFT loader: prompt tuning and prefix tuning map onto <see cref="ModelSessionOptions"/>
/// (prompt embeddings; prefix key/values with HF positions), so their base and adapted sessions need no model
/// changes. LoRA and IA3 wrap projections and need the PEFT loader (issue 4); asking for them is an error.
/// </summary>
public sealed class VirtualTokenAdapterLoader : IAdapterLoader
{
    public IPeftAdapter Attach(CausalLanguageModel model, string adapterDirectory)
    {
        var configPath = Path.Combine(adapterDirectory, "adapter_config.json");
        var weightsPath = Path.Combine(adapterDirectory, "adapter_model.safetensors");
        if (!File.Exists(configPath) || !File.Exists(weightsPath))
        {
            throw new InputException($"{adapterDirectory}: not a PEFT adapter folder (needs adapter_config.json and adapter_model.safetensors).");
        }
        string peftType;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(configPath));
            peftType = document.RootElement.TryGetProperty("peft_type", out var type) && type.ValueKind == JsonValueKind.String
                ? type.GetString()!
                : throw new InputException($"{configPath}: peft_type is missing or not a string.");
        }
        catch (JsonException ex)
        {
            throw new InputException($"{configPath}: not valid JSON ({ex.Message}).", ex);
        }
        using var file = SafetensorsFile.Open(weightsPath);
        if (!file.Tensors.ContainsKey("prompt_embeddings") && peftType is "PROMPT_TUNING" or "PREFIX_TUNING")
        {
            throw new InputException($"{weightsPath}: prompt_embeddings is missing (peft_type {peftType}).");
        }
        var baseSessions = new ModelLogitsSessionFactory(model);
        switch (peftType)
        {
            case "PROMPT_TUNING":
            {
                var table = file.Read("prompt_embeddings", ScalarType.Float32);               // (n_v, C)
                if (table.dim() != 2 || table.shape[1] != model.Config.HiddenSize)
                {
                    var shape = string.Join(", ", table.shape);
                    table.Dispose();
                    throw new InputException($"{weightsPath}: prompt_embeddings [{shape}] must be [n_virtual, {model.Config.HiddenSize}] for this model.");
                }
                var options = new ModelSessionOptions { PromptEmbeddings = table };
                return new VirtualTokenAdapter(PeftMethod.PromptTuning, baseSessions, new ModelLogitsSessionFactory(model, options), [table]);
            }
            case "PREFIX_TUNING":
                return Prefix(model, file, weightsPath, baseSessions);
            default:
                throw new InputException(
                    $"{configPath}: peft_type {peftType} needs the PEFT loader (LoRA/IA3 wrap the model's projections); this build reads only PROMPT_TUNING and PREFIX_TUNING adapters.");
        }
    }

    /// <summary>
    /// prompt_embeddings (n_v, L·2·n_kv·hs) → per layer key (slice 2i) and value (slice 2i+1), each (n_kv, n_v, hs):
    /// PEFT's view(n_v, 2L, n_kv, hs).permute(1, 2, 0, 3). Real tokens start at position n_v (HF/PEFT).
    /// </summary>
    private static IPeftAdapter Prefix(CausalLanguageModel model, SafetensorsFile file, string weightsPath, ModelLogitsSessionFactory baseSessions)
    {
        var config = model.Config;
        using var table = file.Read("prompt_embeddings", ScalarType.Float32);
        var width = 2L * config.NumLayers * config.NumKeyValueHeads * config.HeadDim;
        if (table.dim() != 2 || table.shape[1] != width)
        {
            throw new InputException($"{weightsPath}: prompt_embeddings [{string.Join(", ", table.shape)}] must be [n_virtual, {width}] (2 · layers · kv heads · head dim) for this model.");
        }
        var virtualCount = table.shape[0];
        var dtype = model.parameters().First().dtype;
        using var perSlice = table.view(virtualCount, 2 * config.NumLayers, config.NumKeyValueHeads, config.HeadDim)
            .permute(1, 2, 0, 3).contiguous().to(dtype, model.parameters().First().device);                                   // (2L, n_kv, n_v, hs)
        var keys = Enumerable.Range(0, config.NumLayers).Select(i => perSlice[2 * i].clone()).ToArray();
        var values = Enumerable.Range(0, config.NumLayers).Select(i => perSlice[2 * i + 1].clone()).ToArray();
        var options = new ModelSessionOptions
        {
            CacheFactory = batch =>
            {
                using var scope = NewDisposeScope();
                return KvCache.WithPrefix(
                    [.. keys.Select(k => k.unsqueeze(0).expand(batch, -1, -1, -1))],            // (B, n_kv, n_v, hs)
                    [.. values.Select(v => v.unsqueeze(0).expand(batch, -1, -1, -1))]);
            },
            PositionOffset = virtualCount,
        };
        return new VirtualTokenAdapter(PeftMethod.PrefixTuning, baseSessions, new ModelLogitsSessionFactory(model, options), [.. keys, .. values]);
    }

    private sealed class VirtualTokenAdapter(PeftMethod method, ILogitsSessionFactory baseSessions, ILogitsSessionFactory adaptedSessions, IReadOnlyList<Tensor> owned) : IPeftAdapter
    {
        public PeftMethod Method => method;

        public ILogitsSessionFactory BaseSessions => baseSessions;

        public ILogitsSessionFactory AdaptedSessions => adaptedSessions;

        public void Dispose()
        {
            foreach (var tensor in owned)
            {
                tensor.Dispose();
            }
        }
    }
}

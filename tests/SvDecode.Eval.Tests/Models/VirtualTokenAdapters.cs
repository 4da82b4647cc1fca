using SvDecode.Eval.Decoding;
using SvDecode.Eval.Models;
using SvDecode.Eval.Models.Safetensors;
using static TorchSharp.torch;

namespace SvDecode.Eval.Tests.Models;

/// <summary>
/// Test-side readers for PEFT prompt/prefix adapters (the real PEFT code belongs to the next issue): they only turn
/// the saved tensor into <see cref="ModelSessionOptions"/>, proving the session hooks are enough for both methods.
/// </summary>
public static class VirtualTokenAdapters
{
    /// <summary>prompt_embeddings [n_v, C] prepended to the token embeddings.</summary>
    public static ModelSessionOptions Prompt(string adapterDir)
    {
        using var file = SafetensorsFile.Open(Path.Combine(adapterDir, "adapter_model.safetensors"));
        return new ModelSessionOptions { PromptEmbeddings = file.Read("prompt_embeddings", ScalarType.Float32) };
    }

    /// <summary>
    /// prompt_embeddings [n_v, L·2·n_kv·hs] → per layer key (slice 2i) and value (slice 2i+1), each (B, n_kv, n_v, hs):
    /// PEFT's view(n_v, 2L, n_kv, hs).permute(1, 2, 0, 3). <paramref name="hfPositions"/>: real tokens start at n_v.
    /// </summary>
    public static ModelSessionOptions Prefix(string adapterDir, ModelConfig config, bool hfPositions = true)
    {
        using var file = SafetensorsFile.Open(Path.Combine(adapterDir, "adapter_model.safetensors"));
        using var table = file.Read("prompt_embeddings", ScalarType.Float32);
        var virtualCount = table.shape[0];
        using var perSlice = table.view(virtualCount, 2 * config.NumLayers, config.NumKeyValueHeads, config.HeadDim)
            .permute(1, 2, 0, 3).contiguous();                                                  // (2L, n_kv, n_v, hs)
        var keys = Enumerable.Range(0, config.NumLayers).Select(i => perSlice[2 * i].clone()).ToArray();
        var values = Enumerable.Range(0, config.NumLayers).Select(i => perSlice[2 * i + 1].clone()).ToArray();
        return new ModelSessionOptions
        {
            CacheFactory = batch =>
            {
                using var scope = NewDisposeScope();
                return KvCache.WithPrefix(
                    keys.Select(k => k.unsqueeze(0).expand(batch, -1, -1, -1)).ToList(),
                    values.Select(v => v.unsqueeze(0).expand(batch, -1, -1, -1)).ToList());
            },
            PositionOffset = hfPositions ? virtualCount : 0,
        };
    }
}

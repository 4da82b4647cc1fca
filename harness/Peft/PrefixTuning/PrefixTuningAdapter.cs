using SvDecode.Eval.Decoding;
using SvDecode.Eval.Models;
using SvDecode.Eval.Steering;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SvDecode.Eval.Peft.PrefixTuning;

/// <summary>
/// Prefix tuning (P-Tuning v2): per-layer key/value prefixes (no RoPE) that every query attends; real tokens take
/// positions from n_v as in HF/PEFT. Layout (PEFT get_prompt): the table (n_v, L·2·n_kv·hs) viewed as
/// (n_v, 2L, n_kv, hs) and permuted to (2L, n_kv, n_v, hs); layer i's key is slice 2i, its value 2i+1.
/// </summary>
public sealed class PrefixTuningAdapter : IPeftAdapter
{
    private readonly PrefixTuningConfig _config;
    private readonly PrefixEncoder _encoder;

    private PrefixTuningAdapter(CausalLanguageModel model, PrefixTuningConfig config, PrefixEncoder encoder)
    {
        Model = model;
        _config = config;
        _encoder = encoder;
        BaseSessions = new ModelLogitsSessionFactory(model);
        AdaptedSessions = new ModelLogitsSessionFactory(model, SessionOptions());
    }

    /// <summary>
    /// The session hooks: a cache pre-filled with the prefix (rebuilt from the live table per session) and real tokens
    /// from position n_v (HF/PEFT), or from 0 with <paramref name="hfPositions"/> false (the other convention).
    /// </summary>
    public ModelSessionOptions SessionOptions(bool hfPositions = true) => new()
    {
        CacheFactory = PrefixCache,
        PositionOffset = hfPositions ? _config.NumVirtualTokens : 0,
    };

    public PeftMethod Method => PeftMethod.PrefixTuning;

    public IPeftConfig Config => _config;

    public CausalLanguageModel Model { get; }

    public ILogitsSessionFactory BaseSessions { get; }

    public ILogitsSessionFactory AdaptedSessions { get; }

    /// <summary>Always lock-step: the adapted rows' virtual key/value slots are per layer, so there is no batched form yet.</summary>
    public IPairedLogitsSession OpenPair(PairForward forward) => LockStepPairSession.Open(BaseSessions, AdaptedSessions);

    public bool Enabled { get; set; } = true;

    public IReadOnlyList<Parameter> TrainableParameters => _encoder.Parameters;

    public static PrefixTuningAdapter Create(CausalLanguageModel model, PrefixTuningConfig config, int seed)
    {
        CheckShape(model, config, field => new InputException($"prefix tuning {field} does not fit the model"));
        return new PrefixTuningAdapter(model, config, PrefixEncoder.Create(config, AdapterInit.For(model, seed)));
    }

    public static PrefixTuningAdapter Load(CausalLanguageModel model, PrefixTuningConfig config, AdapterConfigFile file, AdapterWeightsFile weights)
    {
        CheckShape(model, config, field => file.Error(field, $"does not fit the model ({model.Config.NumLayers} layers, {model.Config.NumKeyValueHeads} kv heads of {model.Config.HeadDim})"));
        using var value = weights.Take(PeftFiles.PromptEmbeddingsKey, [config.NumVirtualTokens, config.TableWidth], ScalarType.Float32, "num_virtual_tokens × (num_layers · 2 · token_dim)");
        weights.RequireAllUsed();
        return new PrefixTuningAdapter(model, config, PrefixEncoder.FromTable(AdapterInit.For(model, 0).From(value)));
    }

    private static void CheckShape(CausalLanguageModel model, PrefixTuningConfig config, Func<string, InputException> error)
    {
        var m = model.Config;
        if (config.NumLayers != m.NumLayers)
        {
            throw error("num_layers");
        }
        if (config.NumAttentionHeads != m.NumKeyValueHeads)
        {
            throw error("num_attention_heads");
        }
        if (config.TokenDim != m.NumKeyValueHeads * m.HeadDim)
        {
            throw error("token_dim");
        }
    }

    /// <summary>Per layer (keys, values), each (B, n_kv, n_v, hs), from the current table (with autograd when enabled).</summary>
    private (Tensor[] Keys, Tensor[] Values) KeyValues(long batch)
    {
        var m = Model.Config;
        var n = _config.NumVirtualTokens;
        var table = _encoder.Table().to(Model.parameters().First().dtype);                              // (n_v, L·2·n_kv·hs)
        var slices = table.view(n, 2 * m.NumLayers, m.NumKeyValueHeads, m.HeadDim).permute(1, 2, 0, 3); // (2L, n_kv, n_v, hs)
        var keys = Enumerable.Range(0, m.NumLayers).Select(i => slices[2 * i].unsqueeze(0).expand(batch, -1, -1, -1)).ToArray();
        var values = Enumerable.Range(0, m.NumLayers).Select(i => slices[2 * i + 1].unsqueeze(0).expand(batch, -1, -1, -1)).ToArray();
        return (keys, values);
    }

    private KvCache PrefixCache(long batch)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var (keys, values) = KeyValues(batch);
        return KvCache.WithPrefix(keys, values);
    }

    public Tensor TrainingHidden(Tensor ids, Tensor mask)
    {
        using var scope = NewDisposeScope();
        if (!Enabled)
        {
            return Model.ForwardHidden(Model.EmbedTokens(ids), mask, AttentionMask.Positions(mask)).MoveToOuterDisposeScope();
        }
        var b = ids.shape[0];
        var n = _config.NumVirtualTokens;
        // KvCache.WithPrefix detaches its inputs; appending keeps the autograd graph back to the prefix table.
        using var cache = Model.NewCache();
        var (keys, values) = KeyValues(b);
        cache.AppendMask(ones(b, n, dtype: ScalarType.Int64, device: ids.device));
        for (var i = 0; i < keys.Length; i++)
        {
            cache.Append(i, keys[i], values[i]);
        }
        var positions = AttentionMask.Positions(mask, full(b, 1, n, dtype: ScalarType.Int64, device: ids.device)); // (B, T) from n_v
        return Model.ForwardHidden(Model.EmbedTokens(ids), mask, positions, cache).MoveToOuterDisposeScope();       // (B, T, C)
    }

    public void Save(string directory)
    {
        using var noGrad = no_grad();
        using var table = _encoder.Table();
        AdapterSaver.Save(directory, _config, new Dictionary<string, Tensor> { [PeftFiles.PromptEmbeddingsKey] = table });
    }

    public void Dispose() => _encoder.Dispose();
}

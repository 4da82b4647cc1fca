using SvDecode.Eval.Decoding;
using SvDecode.Eval.Models;
using SvDecode.Eval.Steering;
using SvDecode.Eval.Tokenization;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SvDecode.Eval.Peft.PromptTuning;

/// <summary>
/// Prompt tuning: prompt_embeddings [n_v, C] placed before each row's token embeddings (virtual tokens at positions
/// 0..n_v−1, real tokens from n_v; logits for real tokens only). The model itself is untouched.
/// </summary>
public sealed class PromptTuningAdapter : IPeftAdapter
{
    private readonly PromptTuningConfig _config;
    private readonly Parameter _embeddings;

    private PromptTuningAdapter(CausalLanguageModel model, PromptTuningConfig config, Parameter embeddings)
    {
        Model = model;
        _config = config;
        _embeddings = embeddings;
        BaseSessions = new ModelLogitsSessionFactory(model);
        SessionOptions = new ModelSessionOptions { PromptEmbeddings = embeddings };
        AdaptedSessions = new ModelLogitsSessionFactory(model, SessionOptions);
    }

    /// <summary>What <see cref="AdaptedSessions"/> run with: the live table, so training shows at once.</summary>
    public ModelSessionOptions SessionOptions { get; }

    public PeftMethod Method => PeftMethod.PromptTuning;

    public IPeftConfig Config => _config;

    public CausalLanguageModel Model { get; }

    public ILogitsSessionFactory BaseSessions { get; }

    public ILogitsSessionFactory AdaptedSessions { get; }

    public IPairedLogitsSession OpenPair(PairForward forward) => forward == PairForward.Batched
        ? new BatchedPromptPairSession(Model, _embeddings)
        : LockStepPairSession.Open(BaseSessions, AdaptedSessions);

    public bool Enabled { get; set; } = true;

    public IReadOnlyList<Parameter> TrainableParameters => [_embeddings];

    /// <summary>(n_v, C).</summary>
    public Tensor Embeddings => _embeddings;

    public static PromptTuningAdapter Create(CausalLanguageModel model, PromptTuningConfig config, int seed, ITextTokenizer? tokenizer)
    {
        var init = AdapterInit.For(model, seed);
        return new PromptTuningAdapter(model, config, PromptEmbedding.Create(model, config, init, tokenizer));
    }

    public static PromptTuningAdapter Load(CausalLanguageModel model, PromptTuningConfig config, AdapterConfigFile file, AdapterWeightsFile weights)
    {
        if (config.TokenDim != model.Config.HiddenSize)
        {
            throw file.Error("token_dim", $"{config.TokenDim}, but the model's hidden size is {model.Config.HiddenSize}");
        }
        using var value = weights.Take(PeftFiles.PromptEmbeddingsKey, [config.NumVirtualTokens, config.TokenDim], ScalarType.Float32, "num_virtual_tokens × token_dim");
        weights.RequireAllUsed();
        return new PromptTuningAdapter(model, config, AdapterInit.For(model, 0).From(value));
    }

    public Tensor TrainingHidden(Tensor ids, Tensor mask)
    {
        using var scope = NewDisposeScope();
        var tokens = Model.EmbedTokens(ids);                                                                   // (B, T, C)
        if (!Enabled)
        {
            return Model.ForwardHidden(tokens, mask, AttentionMask.Positions(mask)).MoveToOuterDisposeScope();
        }
        var (b, t) = (ids.shape[0], ids.shape[1]);
        var n = _embeddings.shape[0];
        // The float32 table enters the model's dtype here; its gradient flows back through the cast in float32.
        var embeds = cat([_embeddings.to(tokens.dtype).unsqueeze(0).expand(b, -1, -1), tokens], 1);           // (B, n_v + T, C)
        var fullMask = cat([ones(b, n, dtype: ScalarType.Int64, device: ids.device), mask.to(ScalarType.Int64)], 1); // (B, n_v + T)
        var hidden = Model.ForwardHidden(embeds, fullMask, AttentionMask.Positions(fullMask));                 // (B, n_v + T, C)
        return hidden.narrow(1, n, t).MoveToOuterDisposeScope();                                               // (B, T, C)
    }

    public void Save(string directory) =>
        AdapterSaver.Save(directory, _config, new Dictionary<string, Tensor> { [PeftFiles.PromptEmbeddingsKey] = _embeddings });

    public void Dispose() => _embeddings.Dispose();
}

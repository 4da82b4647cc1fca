using SvDecode.Eval.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace SvDecode.Eval.Decoding;

/// <summary>
/// A <see cref="ILogitsSession"/> over one <see cref="CausalLanguageModel"/> and its KV cache. Positions are
/// cumsum(mask) − 1 per row (pads skipped), continued across calls, so left-padded rows reproduce unpadded ones.
/// <see cref="ModelSessionOptions"/> adds PEFT virtual tokens (prompt embeddings, prefix key/values).
/// </summary>
public sealed class ModelLogitsSession(CausalLanguageModel model, ModelSessionOptions? options = null) : ILogitsSession
{
    private readonly ModelSessionOptions _options = options ?? new ModelSessionOptions();
    private readonly DecodingState _state = new(); // seen counts start at PositionOffset

    public int VocabSize => model.Config.VocabSize;

    public long BatchSize => _state.Rows;

    public CausalLanguageModel Model => model;

    public Device Device => model.parameters().First().device;

    public Tensor Start(IReadOnlyList<IReadOnlyList<int>> prompts)
    {
        using var scope = NewDisposeScope();
        var (ids, mask) = PromptBatch.LeftPadded(prompts, Device);
        using var logits = Prefill(ids, mask);
        return logits.Last().MoveToOuterDisposeScope(); // (B, V)
    }

    public DeferredLogits Prefill(Tensor ids, Tensor mask)
    {
        _state.Reset();
        var b = ids.shape[0];
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        _state.Begin(_options.CacheFactory?.Invoke(b) ?? model.NewCache(), full(b, 1, _options.PositionOffset, dtype: ScalarType.Int64, device: ids.device));
        if (_options.PromptEmbeddings is not { } prompt)
        {
            return Extend(ids, mask);
        }
        var virtualCount = prompt.shape[0];
        var embeds = cat([prompt.to(model.parameters().First().dtype).unsqueeze(0).expand(b, -1, -1), model.EmbedTokens(ids)], 1); // (B, n_v + T, C)
        var fullMask = cat([ones(b, virtualCount, dtype: ScalarType.Int64, device: ids.device), mask.to(ScalarType.Int64)], 1);     // (B, n_v + T)
        var hidden = _state.Forward(model, embeds, fullMask);                                                                      // (B, n_v + T, C)
        return Logits(hidden.narrow(1, virtualCount, ids.shape[1]));                                                               // B × T
    }

    public Tensor Advance(Tensor tokens)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var ids = tokens.to(ScalarType.Int64).view(-1, 1);                      // (B, 1)
        var hidden = _state.Forward(model, model.EmbedTokens(ids), ones_like(ids)); // (B, 1, C)
        return model.Head(hidden.select(1, 0)).to(ScalarType.Float32).MoveToOuterDisposeScope(); // (B, V)
    }

    public DeferredLogits Extend(Tensor tokens, Tensor mask)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        return Logits(_state.Forward(model, model.EmbedTokens(tokens), mask)); // B × T
    }

    /// <summary>Hidden states (B, T, C) → their logits on demand, through the model's head.</summary>
    private HiddenStateLogits Logits(Tensor hidden) => new(hidden.contiguous(), model.Head, LogitChunks.Rows(model.Config.VocabSize, model.WeightBytes));

    public void Reorder(Tensor rows) => _state.Reorder(rows);

    public void Dispose() => _state.Dispose();
}

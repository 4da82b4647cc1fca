using SvDecode.Eval.Decoding;
using SvDecode.Eval.Models;
using static TorchSharp.torch;

namespace SvDecode.Eval.Steering;

/// <summary>
/// The (base, adapted) pair for prompt tuning as ONE batched forward: rows 0..B−1 are the base model (the virtual
/// tokens masked out, so its real tokens start at position 0), rows B..2B−1 the adapted model (virtual tokens at
/// positions 0..n_v−1, real tokens from n_v) — exactly what two separate sessions compute, since positions are
/// cumsum(mask) − 1 and masked slots are never attended. A decode step of a small batch is bound by reading the
/// weights, so two rows cost little more than one; this is what keeps steered decoding near plain speed.
/// </summary>
public sealed class BatchedPromptPairSession(CausalLanguageModel model, Tensor promptEmbeddings) : IPairedLogitsSession
{
    private readonly DecodingState _state = new(); // 2B rows: base rows, then adapted rows

    public int VocabSize => model.Config.VocabSize;

    public long BatchSize => _state.Rows / 2;

    public (Tensor Base, Tensor Adapted) Start(IReadOnlyList<IReadOnlyList<int>> prompts)
    {
        using var scope = NewDisposeScope();
        var device = model.parameters().First().device;
        var (ids, mask) = PromptBatch.LeftPadded(prompts, device);
        var (b, a) = Prefill(ids, mask);                                          // (B, T, V) each
        return (b.select(1, -1).MoveToOuterDisposeScope(), a.select(1, -1).MoveToOuterDisposeScope());
    }

    public (Tensor Base, Tensor Adapted) Prefill(Tensor ids, Tensor mask)
    {
        _state.Reset();
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var b = ids.shape[0];
        var virtualCount = promptEmbeddings.shape[0];
        _state.Begin(model.NewCache(), zeros(2 * b, 1, dtype: ScalarType.Int64, device: ids.device));
        var both = cat([ids, ids], 0);                                                                           // (2B, T)
        var prompt = promptEmbeddings.to(model.parameters().First().dtype).unsqueeze(0).expand(2 * b, -1, -1);  // (2B, n_v, C)
        var embeds = cat([prompt, model.EmbedTokens(both)], 1);                                                 // (2B, n_v + T, C)
        var virtualMask = cat([zeros(b, virtualCount, dtype: ScalarType.Int64, device: ids.device),
                               ones(b, virtualCount, dtype: ScalarType.Int64, device: ids.device)], 0);          // (2B, n_v)
        var fullMask = cat([virtualMask, cat([mask, mask], 0).to(ScalarType.Int64)], 1);                        // (2B, n_v + T)
        var logits = Run(embeds, fullMask).narrow(1, virtualCount, ids.shape[1]);                               // (2B, T, V)
        return Split(logits);
    }

    public (Tensor Base, Tensor Adapted) Advance(Tensor tokens)
    {
        using var scope = NewDisposeScope();
        var ids = tokens.to(ScalarType.Int64).view(-1, 1);                        // (B, 1)
        var (b, a) = Extend(ids, ones_like(ids));                                 // (B, 1, V) each
        return (b.select(1, 0).MoveToOuterDisposeScope(), a.select(1, 0).MoveToOuterDisposeScope());
    }

    public (Tensor Base, Tensor Adapted) Extend(Tensor tokens, Tensor mask)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var logits = Run(model.EmbedTokens(cat([tokens, tokens], 0)), cat([mask, mask], 0));   // (2B, T, V)
        return Split(logits);
    }

    public void Reorder(Tensor rows)
    {
        using var scope = NewDisposeScope();
        _state.Reorder(cat([rows, rows + BatchSize], 0));                         // (2B')
    }

    /// <summary>(2B, T, V) → base rows and adapted rows, each (B, T, V), moved out of the caller's scope.</summary>
    private static (Tensor Base, Tensor Adapted) Split(Tensor logits)
    {
        var half = logits.shape[0] / 2;
        return (logits.narrow(0, 0, half).contiguous().MoveToOuterDisposeScope(), logits.narrow(0, half, half).contiguous().MoveToOuterDisposeScope());
    }

    /// <summary>embeds (2B, T, C), mask (2B, T) → float32 logits (2B, T, V); advances the cache and per-row counts.</summary>
    private Tensor Run(Tensor embeds, Tensor mask) => _state.Forward(model, embeds, mask);

    public void Dispose() => _state.Dispose();
}

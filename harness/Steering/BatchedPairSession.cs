using SvDecode.Eval.Decoding;
using SvDecode.Eval.Models;
using static TorchSharp.torch;

namespace SvDecode.Eval.Steering;

/// <summary>
/// A (base, adapted) pair run as ONE batched forward of 2B rows: rows 0..B−1 are the base model, rows B..2B−1 the
/// adapted model, both fed the same tokens and keeping their KV state in one cache. A decode step of a small batch is
/// bound by reading the weights, so two rows cost little more than one. Subclasses say how the adapted rows differ:
/// what the prefill feeds (<see cref="Prefill"/>) and what holds around each forward (<see cref="Run"/>).
/// </summary>
public abstract class BatchedPairSession(CausalLanguageModel model) : IPairedLogitsSession
{
    /// <summary>2B rows: base rows, then adapted rows.</summary>
    protected DecodingState State { get; } = new();

    protected CausalLanguageModel Model => model;

    public int VocabSize => model.Config.VocabSize;

    public long BatchSize => State.Rows / 2;

    public (Tensor Base, Tensor Adapted) Start(IReadOnlyList<IReadOnlyList<int>> prompts)
    {
        using var scope = NewDisposeScope();
        var device = model.parameters().First().device;
        var (ids, mask) = PromptBatch.LeftPadded(prompts, device);
        var (b, a) = Prefill(ids, mask);                                          // (B, T, V) each
        return (b.select(1, -1).MoveToOuterDisposeScope(), a.select(1, -1).MoveToOuterDisposeScope());
    }

    public abstract (Tensor Base, Tensor Adapted) Prefill(Tensor ids, Tensor mask);

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
        State.Reorder(cat([rows, rows + BatchSize], 0));                          // (2B')
    }

    /// <summary>Starts over with a fresh cache for 2 × <paramref name="batch"/> rows that have seen nothing yet.</summary>
    protected void BeginRows(long batch, Device device) =>
        State.Begin(model.NewCache(), zeros(2 * batch, 1, dtype: ScalarType.Int64, device: device));

    /// <summary>embeds (2B, T, C), mask (2B, T) → float32 logits (2B, T, V); advances the cache and per-row counts.</summary>
    protected virtual Tensor Run(Tensor embeds, Tensor mask) => State.Forward(model, embeds, mask);

    /// <summary>(2B, T, V) → base rows and adapted rows, each (B, T, V), moved out of the caller's scope.</summary>
    protected static (Tensor Base, Tensor Adapted) Split(Tensor logits)
    {
        var half = logits.shape[0] / 2;
        return (logits.narrow(0, 0, half).contiguous().MoveToOuterDisposeScope(), logits.narrow(0, half, half).contiguous().MoveToOuterDisposeScope());
    }

    public void Dispose()
    {
        State.Dispose();
        GC.SuppressFinalize(this);
    }
}

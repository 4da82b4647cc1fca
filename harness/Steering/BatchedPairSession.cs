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

    public Device Device => model.parameters().First().device;

    public (Tensor Base, Tensor Adapted) Start(IReadOnlyList<IReadOnlyList<int>> prompts)
    {
        using var scope = NewDisposeScope();
        var (ids, mask) = PromptBatch.LeftPadded(prompts, Device);
        using var logits = Prefill(ids, mask);
        var (b, a) = logits.Last();                                                // (B, V) each
        return (b.MoveToOuterDisposeScope(), a.MoveToOuterDisposeScope());
    }

    public abstract DeferredPairLogits Prefill(Tensor ids, Tensor mask);

    public (Tensor Base, Tensor Adapted) Advance(Tensor tokens)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var ids = tokens.to(ScalarType.Int64).view(-1, 1);                        // (B, 1)
        var both = cat([ids, ids], 0);                                            // (2B, 1)
        var hidden = Run(model.EmbedTokens(both), ones_like(both));               // (2B, 1, C)
        var logits = RunHead(hidden.select(1, 0)).to(ScalarType.Float32);         // (2B, V)
        var half = logits.shape[0] / 2;
        return (logits.narrow(0, 0, half).MoveToOuterDisposeScope(), logits.narrow(0, half, half).MoveToOuterDisposeScope());
    }

    public DeferredPairLogits Extend(Tensor tokens, Tensor mask)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        return Deferred(Run(model.EmbedTokens(cat([tokens, tokens], 0)), cat([mask, mask], 0))); // (2B, T, C)
    }

    public void Reorder(Tensor rows)
    {
        using var scope = NewDisposeScope();
        State.Reorder(cat([rows, rows + BatchSize], 0));                          // (2B')
    }

    /// <summary>Starts over with a fresh cache for 2 × <paramref name="batch"/> rows that have seen nothing yet.</summary>
    protected void BeginRows(long batch, Device device) =>
        State.Begin(model.NewCache(), zeros(2 * batch, 1, dtype: ScalarType.Int64, device: device));

    /// <summary>embeds (2B, T, C), mask (2B, T) → hidden states (2B, T, C); advances the cache and per-row counts.</summary>
    protected virtual Tensor Run(Tensor embeds, Tensor mask) => State.Forward(model, embeds, mask);

    /// <summary>The head over (2N, C) hidden states, base rows first → (2N, V).</summary>
    protected virtual Tensor RunHead(Tensor hidden) => model.Head(hidden);

    /// <summary>Hidden states (2B, T, C) → both halves' logits on demand.</summary>
    protected BatchedPairLogits Deferred(Tensor hidden) => new(hidden.contiguous(), RunHead, LogitChunks.Rows(model.Config.VocabSize, model.WeightBytes));

    public void Dispose()
    {
        State.Dispose();
        GC.SuppressFinalize(this);
    }
}

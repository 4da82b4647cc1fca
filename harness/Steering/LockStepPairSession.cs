using SvDecode.Eval.Decoding;
using static TorchSharp.torch;

namespace SvDecode.Eval.Steering;

/// <summary>
/// Two independent sessions (base, adapted) driven with the same calls. Works for every PEFT method, since each side
/// is whatever session its factory opens (LoRA/IA3 switched off or on; prompt/prefix with or without virtual tokens).
/// Costs two forwards per step; a batched pair can do better where the model is weight-bandwidth bound.
/// </summary>
public sealed class LockStepPairSession(ILogitsSession baseSession, ILogitsSession adaptedSession) : IPairedLogitsSession
{
    /// <summary>A fresh session of each factory.</summary>
    public static LockStepPairSession Open(ILogitsSessionFactory baseSessions, ILogitsSessionFactory adaptedSessions) =>
        new(baseSessions.Open(), adaptedSessions.Open());

    public int VocabSize => adaptedSession.VocabSize;

    public long BatchSize => adaptedSession.BatchSize;

    public Device Device => adaptedSession.Device;

    public (Tensor Base, Tensor Adapted) Start(IReadOnlyList<IReadOnlyList<int>> prompts) =>
        Both(() => baseSession.Start(prompts), () => adaptedSession.Start(prompts));

    public DeferredPairLogits Prefill(Tensor ids, Tensor mask) =>
        Both(() => baseSession.Prefill(ids, mask), () => adaptedSession.Prefill(ids, mask));

    public (Tensor Base, Tensor Adapted) Advance(Tensor tokens) =>
        Both(() => baseSession.Advance(tokens), () => adaptedSession.Advance(tokens));

    public DeferredPairLogits Extend(Tensor tokens, Tensor mask) =>
        Both(() => baseSession.Extend(tokens, mask), () => adaptedSession.Extend(tokens, mask));

    public void Reorder(Tensor rows)
    {
        baseSession.Reorder(rows);
        adaptedSession.Reorder(rows);
    }

    /// <summary>Runs the base side, then the adapted side; frees the first result if the second call throws.</summary>
    private static DeferredPairLogits Both(Func<DeferredLogits> runBase, Func<DeferredLogits> runAdapted)
    {
        var baseLogits = runBase();
        try
        {
            return new LockStepPairLogits(baseLogits, runAdapted());
        }
        catch
        {
            baseLogits.Dispose();
            throw;
        }
    }

    /// <summary>Runs the base side, then the adapted side; frees the first result if the second call throws.</summary>
    private static (Tensor Base, Tensor Adapted) Both(Func<Tensor> runBase, Func<Tensor> runAdapted)
    {
        var baseLogits = runBase();
        try
        {
            return (baseLogits, runAdapted());
        }
        catch
        {
            baseLogits.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        baseSession.Dispose();
        adaptedSession.Dispose();
    }
}

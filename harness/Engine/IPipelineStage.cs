using SvDecode.Eval.Pipeline;

namespace SvDecode.Eval.Engine;

/// <summary>
/// One step of a pipeline (dataset, warmstart, strength, score), run for every work unit in <see cref="Order"/>. A
/// stage reads the outputs of earlier stages it declares in <see cref="Reads"/> and writes its own artifact. Its
/// artifact key is a hash of <see cref="Fingerprint"/>, <see cref="Version"/> and the keys of the artifacts before it,
/// so a re-run reuses what is already done and a killed run resumes. Stages are singletons built by the container:
/// what they use (model provider, benchmark readers, …) comes through their constructors.
/// </summary>
public interface IPipelineStage
{
    /// <summary>The registered name (svdecode-eval list stages).</summary>
    string Name { get; }

    string Description { get; }

    /// <summary>Position in the run; stages with lower numbers run first.</summary>
    int Order { get; }

    /// <summary>Bump when the stage's output for the same input changes, so old artifacts are not reused.</summary>
    int Version { get; }

    /// <summary>The outputs of earlier stages this stage reads (<see cref="StageContext.Read{T}"/> refuses any other).
    /// The run checks at its start that each is written by a stage ordered before this one; an output whose stage is
    /// not registered is simply absent (<see cref="StageContext.Has"/>).</summary>
    IReadOnlyList<StageOutput> Reads { get; }

    /// <summary>Whether the stage has work for this unit (a strength solve has none without steering).</summary>
    bool AppliesTo(WorkUnit unit, StageContext context) => true;

    /// <summary>Everything that determines this stage's output for the unit (configuration slice, input file hashes).</summary>
    object Fingerprint(StageContext context);

    Task RunAsync(StageContext context, CancellationToken cancellationToken);
}

namespace SvDecode.Eval.Engine;

/// <summary>
/// One step of a pipeline (dataset, warmstart, steering, strength, decode, score), run for every work unit in
/// <see cref="Order"/>. A stage reads the artifacts of earlier stages and writes its own. Its artifact key is a hash
/// of <see cref="Fingerprint"/>, <see cref="Version"/> and the keys of the artifacts it read, so a re-run reuses
/// what is already done and a killed run resumes.
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

    /// <summary>Whether the stage has work for this unit (a strength solve has none without steering).</summary>
    bool AppliesTo(WorkUnit unit, StageContext context) => true;

    /// <summary>Everything that determines this stage's output for the unit (configuration slice, input file hashes).</summary>
    object Fingerprint(StageContext context);

    Task RunAsync(StageContext context, CancellationToken cancellationToken);
}

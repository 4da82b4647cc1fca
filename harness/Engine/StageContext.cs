using Microsoft.Extensions.Logging;
using SvDecode.Eval.Pipeline;
using SvDecode.Eval.Pipeline.Spec;
using SvDecode.Eval.Progress;
using SvDecode.Eval.Sharding;

namespace SvDecode.Eval.Engine;

/// <summary>What a stage sees: the run, its unit, the artifacts of earlier stages, and where to write its own.</summary>
public sealed class StageContext
{
    private readonly IPipelineStage _stage;
    private readonly Dictionary<string, ArtifactReader> _inputs;

    internal StageContext(RunSession session, IPipelineStage stage, WorkUnit unit, Dictionary<string, ArtifactReader> inputs, ILogger logger, ItemShare? testShare = null)
    {
        Session = session;
        _stage = stage;
        Unit = unit;
        TestShare = testShare;
        _inputs = inputs;
        Logger = logger;
    }

    public RunSession Session { get; }

    public PipelineDocument Document => Session.Document;

    public PipelineSpec Spec => Session.Document.Spec;

    public WorkUnit Unit { get; }

    public MatrixCell Cell => Unit.Cell;

    public BenchmarkSpec Benchmark => Unit.Benchmark;

    /// <summary>The cell's steering settings: the pipeline's, with the cell's swept α. Stages read these, never
    /// <c>Spec.Steering</c>, so a sweep reaches every stage.</summary>
    public SteeringSettings Steering => Cell.SteeringOf(Spec);

    /// <summary>The cell's strength settings: the pipeline's, with the cell's aggregate or fixed μ.</summary>
    public StrengthSettings Strength => Cell.StrengthOf(Spec);

    /// <summary>The cell's warm-start settings: the pipeline's, with the cell's budget in epochs (matrix.warmstart_epochs).</summary>
    public WarmStartSettings Warmstart => Cell.WarmstartOf(Spec);

    /// <summary>The cell's warm-start seed (matrix.seeds), else the pipeline seed.</summary>
    public int WarmStartSeed => Cell.SeedOf(Spec);

    public ILogger Logger { get; }

    /// <summary>
    /// A sharded run with fewer units than shards: the slice of the test split this process scores (stages that
    /// score test items apply it and put it in their fingerprint). Null: the whole split.
    /// </summary>
    public ItemShare? TestShare { get; }

    /// <summary>The run's progress, every step labelled with this unit ("score (log-likelihood) [lora / boolq]").</summary>
    public IRunProgress Progress => new SubjectProgress(Session.Progress, Unit.ToString());

    /// <summary>Where the running stage writes; null while fingerprints are computed.</summary>
    public ArtifactWriter? Output { get; internal set; }

    /// <summary>An output an earlier stage wrote for this unit; the running stage must declare it in its Reads.</summary>
    public T Read<T>(StageOutput<T> output)
    {
        Declared(output);
        return _inputs.TryGetValue(output.Stage, out var artifact)
            ? output.ReadFrom(artifact)
            : throw new InvalidOperationException($"{_stage.Name} reads {output}, but stage '{output.Stage}' left no artifact for {Unit}.");
    }

    /// <summary>Whether an earlier stage left the (declared) output for this unit: false when its stage is not
    /// registered or did not apply to the unit.</summary>
    public bool Has(StageOutput output)
    {
        Declared(output);
        return _inputs.ContainsKey(output.Stage);
    }

    private void Declared(StageOutput output)
    {
        if (!_stage.Reads.Contains(output))
        {
            throw new InvalidOperationException($"Stage '{_stage.Name}' reads {output} without declaring it in its Reads.");
        }
    }

    /// <summary>
    /// The SHA-256 of an input file (cached across runs by size and time), recorded in the manifest under a role
    /// (model, tokenizer, adapter, data). Call it from <see cref="IPipelineStage.Fingerprint"/>.
    /// </summary>
    public string HashFile(string path, string role) => Session.Hasher.Hash(path, role);
}

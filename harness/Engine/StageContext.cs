using Microsoft.Extensions.Logging;
using SvDecode.Eval.Pipeline;
using SvDecode.Eval.Pipeline.Spec;
using SvDecode.Eval.Progress;
using SvDecode.Eval.Sharding;

namespace SvDecode.Eval.Engine;

/// <summary>What a stage sees: the run, its unit, the artifacts of earlier stages, and where to write its own.</summary>
public sealed class StageContext
{
    private readonly Dictionary<string, ArtifactReader> _inputs;

    internal StageContext(RunSession session, WorkUnit unit, Dictionary<string, ArtifactReader> inputs, ILogger logger, ItemShare? testShare = null)
    {
        Session = session;
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

    public ILogger Logger { get; }

    /// <summary>
    /// A sharded run with fewer units than shards: the slice of the test split this process scores (stages that
    /// score test items apply it and put it in their fingerprint). Null: the whole split.
    /// </summary>
    public ItemShare? TestShare { get; }

    public IServiceProvider Services => Session.Services;

    public IRunProgress Progress => Session.Progress;

    /// <summary>Where the running stage writes; null while fingerprints are computed.</summary>
    public ArtifactWriter? Output { get; internal set; }

    /// <summary>The artifact an earlier stage wrote for this unit.</summary>
    public ArtifactReader Input(string stageName) =>
        _inputs.TryGetValue(stageName, out var reader)
            ? reader
            : throw new InvalidOperationException($"Stage '{stageName}' has no artifact for {Unit}; check stage order.");

    public bool HasInput(string stageName) => _inputs.ContainsKey(stageName);

    /// <summary>
    /// The SHA-256 of an input file (cached across runs by size and time), recorded in the manifest under a role
    /// (model, tokenizer, adapter, data). Call it from <see cref="IPipelineStage.Fingerprint"/>.
    /// </summary>
    public string HashFile(string path, string role) => Session.Hasher.Hash(path, role);
}

using SvDecode.Eval.Pipeline;
using SvDecode.Eval.Progress;
using SvDecode.Eval.Results;

namespace SvDecode.Eval.Engine;

/// <summary>The state one run shares across its stages.</summary>
public sealed class RunSession
{
    internal RunSession(RunRequest request, IRunProgress progress, ArtifactStore store, FileHasher hasher)
    {
        Request = request;
        Progress = progress;
        Store = store;
        Hasher = hasher;
    }

    public RunRequest Request { get; }

    public PipelineDocument Document => Request.Document;

    public string OutputDirectory => Request.ResolvedOutputDirectory;

    /// <summary>The effective item limit: --limit, else none (per-benchmark limits live in the spec).</summary>
    public int? Limit => Request.Limit;

    public IRunProgress Progress { get; }

    public ArtifactStore Store { get; }

    public FileHasher Hasher { get; }

    private readonly System.Collections.Concurrent.ConcurrentQueue<ModelLoad> _modelLoads = new();

    /// <summary>The models loaded during this run, in order (a model reused from an earlier run in the process is not).</summary>
    public IReadOnlyList<ModelLoad> ModelLoads => [.. _modelLoads];

    public void RecordModelLoad(ModelLoad load) => _modelLoads.Enqueue(load);
}

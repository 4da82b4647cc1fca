using SvDecode.Eval.Engine;

namespace SvDecode.Eval.Results;

/// <summary>
/// Everything a run produced, as written to results.json (docs/results-schema.md). Apart from the manifest's
/// timestamps and <see cref="Timings"/>, the same pipeline, inputs and seed give the same object.
/// </summary>
public sealed record RunResults(
    string Schema,
    int SchemaVersion,
    RunStatus Status,
    string? Error,
    RunManifest Manifest,
    IReadOnlyList<CellResult> Cells,
    IReadOnlyList<PairedDelta> PairedDeltas,
    IReadOnlyList<StageTiming> Timings)
{
    public const string SchemaName = "svdecode-eval/results";
    public const int CurrentSchemaVersion = 1;
}

public enum RunStatus
{
    Complete,
    Cancelled,
    Failed,
}

public sealed record CellResult(string Id, string Peft, string Steering, IReadOnlyList<BenchmarkResult> Benchmarks);

public sealed record BenchmarkResult(
    string Id,
    string Benchmark,
    IReadOnlyList<MetricValue> Metrics,
    IReadOnlyDictionary<string, double> Diagnostics);

/// <summary>How long one stage took for one unit; <see cref="Reused"/> when its artifact came from an earlier run.</summary>
public sealed record StageTiming(string Cell, string Benchmark, string Stage, string ArtifactKey, bool Reused, double Seconds);

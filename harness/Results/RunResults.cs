using System.Text.Json.Serialization;
using SvDecode.Eval.Steering;

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

    /// <summary>
    /// Per-item scores and outputs of every finished unit, kept only with --log-items. Not part of results.json: the
    /// item-log exporter writes them as JSONL beside it (item_scores.jsonl, items.jsonl).
    /// </summary>
    [JsonIgnore]
    public IReadOnlyList<UnitItemLog> ItemLogs { get; init; } = [];

    /// <summary>Every model this process loaded (the run's model, a judge), with its weight bytes.</summary>
    public IReadOnlyList<ModelLoad> ModelLoads { get; init; } = [];

    /// <summary>With matrix.seeds: every metric of every cell across its seeds (mean ± sd, per-seed paired deltas);
    /// absent otherwise.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<SeedSummary>? SeedSummaries { get; init; }
}

public enum RunStatus
{
    Complete,
    Cancelled,
    Failed,
}

/// <param name="Id">The cell's id: PEFT method ("none" for the pre-trained model), "+" and the decoding method unless
/// it is off ("+svdecode", "+contrastive", "+extrapolation"), and the swept settings in brackets, e.g.
/// "lora+svdecode[alpha=0.2,epochs=0.25,mask=hard,mu=median,seed=2]".</param>
/// <param name="Steering">"off" for the plain adapter (or the pre-trained model), "on" for every decoding method.</param>
/// <param name="Parameters">
/// The settings that tell the cell apart (alpha, and mu for a fixed strength, on steered cells; seed with
/// matrix.seeds; epochs with matrix.warmstart_epochs); a pipeline that sweeps one of them yields cells differing only here, which the plots draw as metric
/// against it.
/// </param>
public sealed record CellResult(
    string Id,
    string Peft,
    string Steering,
    IReadOnlyDictionary<string, double> Parameters,
    IReadOnlyList<BenchmarkResult> Benchmarks)
{
    /// <summary>Steered cells: how μ̄ (SVDecode) or λ̄ (extrapolation) was chosen (mean, median, trimmed, ratio,
    /// fixed); absent on the other cells.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Aggregate { get; init; }

    /// <summary>The cell's decoding method: off, svdecode, contrastive, extrapolation. Absent in results written
    /// before the decoding axis existed; <see cref="Method"/> reads those as their steering switch said.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Decoding { get; init; }

    /// <summary>Cells with a decoding method: the mask mode their log-likelihoods were scored under (hard, soft, none;
    /// contrastive decoding always hard). Absent on the other cells and in results written before it was recorded.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ScoringMask { get; init; }

    /// <summary>The decoding method, also of older results (steering on was SVDecode).</summary>
    [JsonIgnore]
    public string Method => Decoding ?? (Steering == "on" ? "svdecode" : "off");
}

/// <param name="MuStar">The histogram of the per-token strengths μ*_t from the strength stage (steered cells only).</param>
public sealed record BenchmarkResult(
    string Id,
    string Benchmark,
    IReadOnlyList<MetricValue> Metrics,
    IReadOnlyDictionary<string, double> Diagnostics,
    StrengthHistogram? MuStar)
{
    /// <summary>The metrics per item group (subject, category, `group`), by group name; absent when the items carry
    /// no groups (<see cref="GroupBreakdown"/>).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, IReadOnlyList<MetricValue>>? Groups { get; init; }
}

/// <summary>How long one stage took for one unit; <see cref="Reused"/> when its artifact came from an earlier run.</summary>
public sealed record StageTiming(string Cell, string Benchmark, string Stage, string ArtifactKey, bool Reused, double Seconds)
{
    /// <summary>The process's resident memory when the stage started (after free C-heap pages were handed back): the
    /// baseline of <see cref="PeakResidentBytes"/>, so peak − start is the stage's own growth. Absent with the peak.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? StartResidentBytes { get; init; }

    /// <summary>The process's peak resident memory while the stage ran (Linux VmHWM, reset before it); absent when
    /// reused or where it cannot be measured.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? PeakResidentBytes { get; init; }

    /// <summary>The peak bytes held by KV caches while the stage ran (part of <see cref="PeakResidentBytes"/> on the
    /// CPU): the caches of the batch being processed, what memory may grow by beyond the weights.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? PeakKvCacheBytes { get; init; }
}

using System.Text.Json.Serialization;

namespace SvDecode.Eval.Results;

/// <summary>
/// What a reader needs to reproduce a run: versions, inputs by SHA-256, seed, machine and times. Only
/// <see cref="StartedAt"/> and <see cref="FinishedAt"/> differ between two runs of the same inputs on one machine.
/// </summary>
public sealed record RunManifest(
    string ToolVersion,
    string? GitCommit,
    string PipelineName,
    string PipelineFile,
    string PipelineSha256,
    IReadOnlyList<string> Overrides,
    int Seed,
    int? Limit,
    ModelSummary Model,
    bool LogItems,
    IReadOnlyList<InputFile> Inputs,
    IReadOnlyDictionary<string, string> Packages,
    MachineInfo Machine,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt)
{
    /// <summary>In a shard's results.json (run --shard): which share of the run it holds. Absent otherwise.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ShardInfo? Shard { get; init; }

    /// <summary>In a merged results.json (merge): the shard folders it was built from. Absent otherwise.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<MergedShard>? Shards { get; init; }
}

/// <summary>The machine a run (or a shard of it) ran on, as the manifest records it.</summary>
public sealed record MachineInfo(string Os, string Cpu, int Cores, long MemoryBytes, string Runtime)
{
    /// <summary>GenuineIntel, AuthenticAMD, ...: oneMKL's choice of kernels depends on it. Absent in older results.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? CpuVendor { get; init; }

    /// <summary>The CPU's kernel-relevant instruction sets ("avx2 fma avx512f avx512_bf16"). Absent in older results.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? CpuFlags { get; init; }

    /// <summary>What was done about oneMKL's vendor test (<see cref="LibTorch.MklVendorCheck"/>). Absent in older results.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? MklVendorCheck { get; init; }

    public static MachineInfo Current() => new(
        System.Runtime.InteropServices.RuntimeInformation.OSDescription,
        Platform.MachineProbe.CpuModel(),
        Environment.ProcessorCount,
        GC.GetGCMemoryInfo().TotalAvailableMemoryBytes,
        System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription)
    {
        CpuVendor = Platform.MachineProbe.CpuVendor(),
        CpuFlags = Platform.MachineProbe.KernelFlags(),
        MklVendorCheck = LibTorch.MklVendorCheck.EnsureApplied(),
    };
}

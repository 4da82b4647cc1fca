using SvDecode.Eval.Data;

namespace SvDecode.Eval.Stages;

/// <summary>What the dataset stage hands to every later stage: the three disjoint splits and where they came from.</summary>
public sealed record DatasetArtifact(
    string Benchmark,
    TemplateInfo Template,
    SplitManifest Split,
    int? Limit,
    IReadOnlyList<BenchmarkItem> Train,
    IReadOnlyList<BenchmarkItem> Calibration,
    IReadOnlyList<BenchmarkItem> Test,
    IReadOnlyList<SkippedRow> SkippedRows,
    IReadOnlyList<FileDigest> Files);

using SvDecode.Eval.Data;

namespace SvDecode.Eval.Stages;

/// <summary>What the dataset stage hands to every later stage: the three disjoint splits, where they came from and how
/// their prompts were made (<see cref="Prompt"/>).</summary>
public sealed record DatasetArtifact(
    string Benchmark,
    TemplateInfo Template,
    SplitManifest Split,
    int? Limit,
    IReadOnlyList<BenchmarkItem> Train,
    IReadOnlyList<BenchmarkItem> Calibration,
    IReadOnlyList<BenchmarkItem> Test,
    IReadOnlyList<SkippedRow> SkippedRows,
    IReadOnlyList<FileDigest> Files,
    PromptManifest Prompt);

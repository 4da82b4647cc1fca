namespace SvDecode.Eval.Data;

/// <summary>
/// The three disjoint item sets a run uses: warm-start training, calibration (μ̄), evaluation; plus how they were made.
/// </summary>
public sealed record SplitPlan(
    IReadOnlyList<BenchmarkItem> Train,
    IReadOnlyList<BenchmarkItem> Calibration,
    IReadOnlyList<BenchmarkItem> Test,
    SplitManifest Manifest);

/// <summary>
/// Recorded in the results: strategy ("provided-train": the data's training split; "question-level": carved from the
/// evaluation items), seed, fractions, counts and a SHA-256 of each set's sorted ids (to compare splits across runs).
/// </summary>
public sealed record SplitManifest(
    string Strategy,
    int Seed,
    double? TrainFraction,
    double CalibrationFraction,
    int TrainCount,
    int CalibrationCount,
    int TestCount,
    string TrainIdsSha256,
    string CalibrationIdsSha256,
    string TestIdsSha256);

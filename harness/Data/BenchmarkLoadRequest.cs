namespace SvDecode.Eval.Data;

/// <summary>
/// What to load. <paramref name="DataPath"/> is the evaluation file or folder; <paramref name="TrainDataPath"/> an optional
/// training file in the same format; <paramref name="PassagesPath"/> BoolQ's row-aligned passages; <paramref name="McTaskPath"/>
/// TruthfulQA's mc_task.json when it is not beside the CSV. With <paramref name="SkipBadRows"/> a malformed row is skipped and
/// counted instead of failing the load. <paramref name="Template"/> replaces the benchmark's default template (already
/// checked against its <see cref="IBenchmark.TemplateSchema"/>).
/// </summary>
public sealed record BenchmarkLoadRequest(
    string DataPath,
    string? TrainDataPath = null,
    string? PassagesPath = null,
    bool SkipBadRows = false,
    string? McTaskPath = null,
    PromptTemplate? Template = null);

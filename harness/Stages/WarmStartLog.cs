using SvDecode.Eval.Training;

namespace SvDecode.Eval.Stages;

/// <summary>training_log.json: the loss of every step, plus timings (the only non-deterministic fields: seconds, tokens_per_s).</summary>
public sealed record WarmStartLog(
    string Method,
    long TrainableParams,
    int Items,
    int TruncatedItems,
    long TrainTokens,
    IReadOnlyList<TrainingStep> Steps,
    double Seconds,
    double TokensPerS);

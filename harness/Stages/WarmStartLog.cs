using SvDecode.Eval.Training;

namespace SvDecode.Eval.Stages;

/// <summary>training_log.json: the loss of every step, plus timings (the only non-deterministic fields: seconds,
/// tokens_per_s, the answer tokens trained on per second, and input_tokens_per_s, every token the model ran on per
/// second — the throughput figure).</summary>
public sealed record WarmStartLog(
    string Method,
    long TrainableParams,
    int Items,
    int TruncatedItems,
    long TrainTokens,
    IReadOnlyList<TrainingStep> Steps,
    double Seconds,
    double TokensPerS,
    double InputTokensPerS);

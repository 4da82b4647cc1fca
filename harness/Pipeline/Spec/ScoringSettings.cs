using System.ComponentModel.DataAnnotations;

namespace SvDecode.Eval.Pipeline.Spec;

/// <summary>How test items are scored: multiple-choice mode, batching, bootstrap, and an optional LLM judge.</summary>
public sealed record ScoringSettings
{
    [SpecDoc("loglikelihood ranks the choices; generate parses a greedy answer (the paper's style)")]
    public ScoringMode Mode { get; init; } = ScoringMode.Loglikelihood;

    [SpecDoc("continuations scored per forward pass")]
    [Range(1, 4096)]
    public int BatchSize { get; init; } = 16;

    [SpecDoc("bootstrap resamples for paired confidence intervals")]
    [Range(100, 1_000_000)]
    public int BootstrapIterations { get; init; } = 1000;

    [SpecDoc("an LLM judge for open-ended generation (truth, info, truth_info); none by default")]
    public JudgeSettings? Judge { get; init; }
}

public enum ScoringMode
{
    Loglikelihood,
    Generate,
}

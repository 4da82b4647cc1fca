using System.ComponentModel.DataAnnotations;

namespace SvDecode.Eval.Pipeline.Spec;

/// <summary>How multiple-choice items are scored.</summary>
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
}

public enum ScoringMode
{
    Loglikelihood,
    Generate,
}

namespace SvDecode.Eval.Training;

/// <summary>Optimiser and loop settings of <see cref="TrainingLoop"/> (AdamW, linear decay with optional warm-up).</summary>
public sealed record TrainingOptions
{
    public double LearningRate { get; init; } = 5e-5;

    public int Epochs { get; init; } = 1;

    /// <summary>Stop after this many optimiser steps (cycling over the data as needed); overrides <see cref="Epochs"/>.</summary>
    public int? MaxSteps { get; init; }

    public int BatchSize { get; init; } = 1;

    /// <summary>Micro-batches per optimiser step.</summary>
    public int GradientAccumulation { get; init; } = 1;

    /// <summary>Fraction of the steps with the learning rate rising linearly from 0.</summary>
    public double WarmupRatio { get; init; }

    /// <summary>Clip the global gradient norm to this; 0 turns clipping off.</summary>
    public double MaxGradNorm { get; init; } = 1.0;

    public double WeightDecay { get; init; }

    public double Beta1 { get; init; } = 0.9;

    public double Beta2 { get; init; } = 0.999;

    public double Epsilon { get; init; } = 1e-8;

    /// <summary>Seeds the example order and dropout.</summary>
    public int Seed { get; init; }

    /// <summary>
    /// Recompute activations layer by layer in backward (<see cref="Models.Layers.GradientCheckpointing"/>). Not part of
    /// the warm-start's artifact key: it trains the same adapter (bit for bit on the CPU, PeftConformanceTests), so
    /// switching it reuses what was trained either way.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool GradientCheckpointing { get; init; }
}

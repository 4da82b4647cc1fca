namespace SvDecode.Eval.Training;

/// <summary>Optimiser and loop settings of <see cref="TrainingLoop"/> (AdamW, linear decay with optional warm-up).</summary>
public sealed record TrainingOptions
{
    public double LearningRate { get; init; } = 5e-5;

    /// <summary>Passes over the examples; a fraction is that share of one epoch's optimiser steps (<see cref="StepsFor"/>).</summary>
    public double Epochs { get; init; } = 1;

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

    /// <summary>
    /// The optimiser steps of a run over <paramref name="stepsPerEpoch"/> steps per epoch: <see cref="MaxSteps"/> when
    /// set, else <see cref="Epochs"/> epochs' worth rounded up, so any positive fraction of an epoch trains at least
    /// one step. In decimal: 0.05 × 20 is 1 step, where doubles make it 1.0000000000000002 and round it up to 2.
    /// </summary>
    public int StepsFor(int stepsPerEpoch) => MaxSteps ?? (int)Math.Ceiling((decimal)Epochs * stepsPerEpoch);

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

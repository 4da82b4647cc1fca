namespace SvDecode.Eval.Data;

/// <summary>
/// How to split a benchmark. <see cref="TrainFraction"/> is used only when the data has no training split of its own
/// (question-level split of the evaluation items; TruthfulQA 80/20 as in the paper). <see cref="CalibrationFraction"/>
/// of the training pool is held out of warm-start training for fitting μ̄ (method.md §3).
/// </summary>
public sealed record SplitOptions
{
    public int Seed { get; init; } = 20250919;

    public double TrainFraction { get; init; } = 0.8;

    public double CalibrationFraction { get; init; } = 0.1;

    /// <summary>Use the data's own training split when it has one (commonsense train.json files).</summary>
    public bool UseProvidedTrain { get; init; } = true;

    /// <summary>Which provided split is training data ("train"; MMLU users may choose "validation").</summary>
    public string TrainSplit { get; init; } = BenchmarkSplits.Train;

    /// <summary>Which provided split is evaluated.</summary>
    public string TestSplit { get; init; } = BenchmarkSplits.Test;

    public void Validate()
    {
        if (!(TrainFraction > 0 && TrainFraction < 1))
        {
            throw new InputException($"split train_fraction must be in (0, 1), found {TrainFraction}.");
        }
        if (!(CalibrationFraction >= 0 && CalibrationFraction < 1))
        {
            throw new InputException($"split calibration_fraction must be in [0, 1), found {CalibrationFraction}.");
        }
    }
}

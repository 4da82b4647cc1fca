using SvDecode.Eval.Steering;

namespace SvDecode.Eval.Pipeline.Spec;

/// <summary>
/// The axes of the run; every combination is one cell. The sweep axes (warmstart_epochs, seeds, steering_alpha,
/// scoring_mask, strength) are unset by default: the cell then takes the pipeline's own setting and its id carries no
/// suffix.
/// </summary>
public sealed record MatrixSpec : ISelfValidating
{
    [SpecDoc("PEFT methods to warm-start; none: the pre-trained model without an adapter (the baseline row, scored without steering only)")]
    public IReadOnlyList<MatrixPeft> Peft { get; init; } = [MatrixPeft.Lora];

    [SpecDoc("decoding methods, each over the same base+adapted pair: off (the plain adapter), svdecode, contrastive, extrapolation (default: [off, svdecode])")]
    public IReadOnlyList<MatrixDecoding>? Decoding { get; init; }

    [SpecDoc("the older spelling of decoding: off, on (= svdecode); give decoding or steering, not both")]
    public IReadOnlyList<SteeringSwitch>? Steering { get; init; }

    /// <summary>The decoding axis as the run expands it: matrix.decoding, else matrix.steering in its older spelling,
    /// else off and SVDecode.</summary>
    public IReadOnlyList<MatrixDecoding> Methods =>
        Decoding ?? (IReadOnlyList<MatrixDecoding>?)Steering?.Select(s => s.ToDecoding()).ToList() ?? [MatrixDecoding.Off, MatrixDecoding.SvDecode];

    [SpecDoc("warm-start budgets in epochs, fractions allowed: one warm-start per value (a budget curve; default: warmstart.epochs); not with warmstart.max_steps")]
    public IReadOnlyList<double>? WarmstartEpochs { get; init; }

    [SpecDoc("warm-start seeds: one warm-start (adapter initialisation, example order, dropout) per seed, reported per seed and as mean ± sd across seeds (default: the pipeline seed)")]
    public IReadOnlyList<int>? Seeds { get; init; }

    [SpecDoc("steered cells per value of steering.alpha, the confidence-mask threshold (a sweep; default: steering.alpha)")]
    public IReadOnlyList<double>? SteeringAlpha { get; init; }

    [SpecDoc("cells per scoring mask mode (hard, soft, none) for svdecode and extrapolation; contrastive decoding always masks hard (default: steering.scoring_mask)")]
    public IReadOnlyList<MaskMode>? ScoringMask { get; init; }

    [SpecDoc("steered cells per strength: an aggregate of the calibration's mu* (mean, median, trimmed, ratio) or a fixed mu (a number); overrides strength.aggregate (default: strength.aggregate)")]
    public IReadOnlyList<StrengthChoice>? Strength { get; init; }

    public void Validate(SpecValidationContext context)
    {
        NonEmptyAndDistinct(context, "peft", Peft, "at least one PEFT method (or none) is required", "a PEFT method");
        NonEmptyAndDistinct(context, "steering", Steering, "at least one of off, on is required", "a steering value");
        NonEmptyAndDistinct(context, "decoding", Decoding, "at least one decoding method (off, svdecode, contrastive, extrapolation) is required", "a decoding method");
        if (Decoding is not null && Steering is not null)
        {
            context.Error("decoding", "matrix.decoding and matrix.steering are two spellings of one axis (steering: [off, on] is decoding: [off, svdecode]); give one of them (on the command line, --set matrix.steering=null drops the file's)");
        }
        NonEmptyAndDistinct(context, "warmstart_epochs", WarmstartEpochs, "an empty warmstart_epochs list gives no cell; leave it out to use warmstart.epochs", "a budget");
        NonEmptyAndDistinct(context, "scoring_mask", ScoringMask, "an empty scoring_mask list gives no steered cell; leave it out to use steering.scoring_mask", "a mask mode");
        NonEmptyAndDistinct(context, "seeds", Seeds, "an empty list of seeds gives no cell; leave seeds out to use the pipeline seed", "a seed");
        NonEmptyAndDistinct(context, "steering_alpha", SteeringAlpha, "an empty steering_alpha list gives no steered cell; leave it out to use steering.alpha", "an alpha");
        NonEmptyAndDistinct(context, "strength", Strength, "an empty strength list gives no steered cell; leave it out to use strength.aggregate", "a strength");
        for (var i = 0; i < (Seeds?.Count ?? 0); i++)
        {
            if (Seeds![i] < 0)
            {
                context.Error($"seeds[{i}]", $"{Seeds[i]} is out of range: allowed >= 0");
            }
        }
        for (var i = 0; i < (WarmstartEpochs?.Count ?? 0); i++)
        {
            if (WarmstartEpochs![i] is <= 0 or > 1000)
            {
                context.Error($"warmstart_epochs[{i}]", $"{WarmstartEpochs[i].ToString(System.Globalization.CultureInfo.InvariantCulture)} is out of range: allowed (0, 1000] (a fraction of an epoch is allowed)");
            }
        }
        for (var i = 0; i < (SteeringAlpha?.Count ?? 0); i++)
        {
            if (SteeringAlpha![i] is < 0 or > 1)
            {
                context.Error($"steering_alpha[{i}]", $"{SteeringAlpha[i].ToString(System.Globalization.CultureInfo.InvariantCulture)} is out of range: allowed [0, 1]");
            }
        }
    }

    private static void NonEmptyAndDistinct<T>(SpecValidationContext context, string field, IReadOnlyList<T>? values, string empty, string what)
    {
        if (values is { Count: 0 })
        {
            context.Error(field, empty);
        }
        else if (values is not null && values.Distinct().Count() != values.Count)
        {
            context.Error(field, $"{what} is listed twice");
        }
    }
}

public enum SteeringSwitch
{
    Off,
    On,
}

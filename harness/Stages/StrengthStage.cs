using Microsoft.Extensions.Logging;
using SvDecode.Eval.Calibration;
using SvDecode.Eval.Engine;
using SvDecode.Eval.Pipeline;
using SvDecode.Eval.Pipeline.Spec;
using SvDecode.Eval.Steering;

namespace SvDecode.Eval.Stages;

/// <summary>
/// Solves the one steering strength μ̄ of a steering-on cell (method.md §3): μ*_t at every answer token of the
/// calibration split (teacher-forced on the gold answer), aggregated as strength.aggregate says. Writes
/// <see cref="StageOutputs.Strength"/> (<see cref="StrengthReport"/>) with every aggregate, the token counts, the
/// negative fraction and the histogram; a fixed strength is honoured (the report still shows what calibration would
/// have given). The same pass measures δ (<see cref="CalibrationSteeringSummary"/>: kept fraction, mean KL, non-finite
/// values) and fails the cell above steering.max_non_finite_fraction.
/// </summary>
public sealed class StrengthStage(ModelProvider models, WarmStartedAdapters adapters) : IPipelineStage
{
    public string Name => StageOutputs.Strength.Stage;

    public string Description => "Solves the steering strength mu-bar on the calibration split (per-token mu*, their aggregate, and the steering vector's kept fraction, KL and non-finite values).";

    public int Order => 40;

    // 2: calibration targets end with the warm-start's EOS token (method.md §9); 3: measures δ (the former steering stage)
    public int Version => 3;

    public IReadOnlyList<StageOutput> Reads => [StageOutputs.Dataset, StageOutputs.Adapter];

    public bool AppliesTo(WorkUnit unit, StageContext context) => unit.Cell.Steering == SteeringSwitch.On && WarmStartedAdapters.Available(context);

    public object Fingerprint(StageContext context) => new
    {
        Model = ModelProvider.Fingerprint(context),
        context.Spec.Steering.Alpha,
        context.Spec.Steering.Projection, // μ* is solved along δ or g (method.md §9)
        context.Spec.Steering.PairForward,
        context.Spec.Steering.MaxNonFiniteFraction,
        context.Spec.Strength,
    };

    public Task RunAsync(StageContext context, CancellationToken cancellationToken)
    {
        var strength = context.Spec.Strength;
        var source = $"{context.Document.FilePath}: strength";
        var aggregation = new StrengthAggregation
        {
            Kind = strength.Aggregate,
            FixedValue = strength.Fixed,
            Tau = strength.TrimTau,
        }.Validate(source);
        var options = new StrengthSolverOptions
        {
            Alpha = context.Spec.Steering.Alpha,
            Projection = context.Spec.Steering.Projection,
            MinDeltaNorm = strength.MinDeltaNorm,
        }.Validate(source);

        var dataset = context.Read(StageOutputs.Dataset);
        var loaded = models.Get(context);
        IReadOnlyList<TokenStrength> tokens = [];
        if (dataset.Calibration.Count > 0)
        {
            using var adapter = adapters.Attach(context, loaded);
            var examples = dataset.Calibration.Select(i => CalibrationExample.FromWarmStart(loaded.Tokenizer, i.WarmStart)).ToList();
            tokens = new StrengthCalibrator(() => adapter.OpenPair(context.Spec.Steering.PairForward), context.Spec.Scoring.BatchSize).Solve(examples, options, cancellationToken);
        }
        var output = context.Output!;
        var steering = CalibrationSteeringSummary.Of(tokens, loaded.Model.Config.VocabSize);
        WriteSteeringDiagnostics(output, steering);
        steering.ThrowIfTooManyNonFinite(context.Spec.Steering.MaxNonFiniteFraction, context.Unit.ToString());

        var report = StrengthReportBuilder.Report(tokens, aggregation, options.Epsilon);
        if (!double.IsFinite(report.MuBar))
        {
            throw new InvalidOperationException(
                $"{context.Unit}: the strength calibration used no token ({report.TokensUsed} of {report.TokensTotal}; {dataset.Calibration.Count} calibration items), " +
                "so mu-bar is undefined. Raise split.calibration_fraction, lower strength.min_delta_norm, or set strength.aggregate: fixed.");
        }
        output.WriteText(StageOutputs.Strength.FileName, report.ToJson());
        output.MuStar = report.Histogram;
        output.SetDiagnostic("mu_bar", report.MuBar);
        output.SetDiagnostic("mu_mean", report.Aggregates.Mean);
        output.SetDiagnostic("mu_median", report.Aggregates.Median);
        output.SetDiagnostic("mu_trimmed", report.Aggregates.Trimmed);
        output.SetDiagnostic("mu_ratio", report.Aggregates.Ratio);
        output.SetDiagnostic("tokens_used", report.TokensUsed);
        output.SetDiagnostic("tokens_skipped", report.TokensSkipped);
        output.SetDiagnostic("negative_fraction", report.FractionNegative);
        context.Logger.LogInformation("{Unit}: mu-bar {MuBar:0.####} ({Aggregate}; mean {Mean:0.####}, median {Median:0.####}, ratio {Ratio:0.####}) over {Used} tokens",
            context.Unit, report.MuBar, report.Aggregate, report.Aggregates.Mean, report.Aggregates.Median, report.Aggregates.Ratio, report.TokensUsed);
        return Task.CompletedTask;
    }

    private static void WriteSteeringDiagnostics(ArtifactWriter output, CalibrationSteeringSummary steering)
    {
        output.SetDiagnostic("steering_positions", steering.Positions);
        output.SetDiagnostic("kept_fraction", steering.KeptFraction);
        output.SetDiagnostic("mean_kept_count", steering.MeanKeptCount);
        output.SetDiagnostic("mean_kl", steering.MeanKl);
        output.SetDiagnostic("gold_kept_fraction", steering.GoldKeptFraction);
        output.SetDiagnostic("non_finite_base_logits", steering.NonFinite.BaseLogits);
        output.SetDiagnostic("non_finite_adapted_logits", steering.NonFinite.AdaptedLogits);
        output.SetDiagnostic("non_finite_delta", steering.NonFinite.Delta);
    }
}

using Microsoft.Extensions.Logging;
using SvDecode.Eval.Calibration;
using SvDecode.Eval.Engine;
using SvDecode.Eval.Pipeline;
using SvDecode.Eval.Pipeline.Spec;
using SvDecode.Eval.Steering;

namespace SvDecode.Eval.Stages;

/// <summary>
/// Solves the one steering strength μ̄ of an SVDecode cell (method.md §3), or λ̄ of a logit-extrapolation cell along
/// d = lp_φ − lp_θ: μ*_t (λ*_t) at every answer token of the calibration split (teacher-forced on the gold answer). Writes <see cref="StageOutputs.Strength"/>
/// (<see cref="StrengthReport"/>) with every aggregate, the token counts, the negative fraction and the histogram; the
/// score stage takes the cell's aggregate (or fixed μ) of it (<see cref="StrengthSettings.MuBarOf"/>). The same pass measures δ (<see cref="CalibrationSteeringSummary"/>: kept fraction, mean KL, non-finite
/// values) and fails the cell above steering.max_non_finite_fraction.
/// </summary>
public sealed class StrengthStage(ModelProvider models, WarmStartedAdapters adapters) : IPipelineStage
{
    public string Name => StageOutputs.Strength.Stage;

    public string Description => "Solves the steering strength mu-bar on the calibration split (per-token mu*, their aggregate, and the steering vector's kept fraction, KL and non-finite values).";

    public int Order => 40;

    // 2: calibration targets end with the warm-start's EOS token (method.md §9); 3: measures δ (the former steering
    // stage); 4: one calibration per cell's α whatever its aggregate (μ̄ is chosen by the score stage)
    public int Version => 4;

    public IReadOnlyList<StageOutput> Reads => [StageOutputs.Dataset, StageOutputs.Adapter];

    public bool AppliesTo(WorkUnit unit, StageContext context) => DecodingTransforms.Calibrates(unit.Cell.Decoding) && WarmStartedAdapters.Available(context);

    /// <summary>Everything calibration depends on; not the aggregate or a fixed μ, which the score stage applies to
    /// the report (every aggregate is in it), so the cells of a strength sweep share one calibration. SVDecode's key
    /// is the one it always had; extrapolation's names the method (and not the projection, which it has none of), so
    /// μ* and λ* never share an artifact.</summary>
    public object Fingerprint(StageContext context) => context.Cell.Decoding == MatrixDecoding.Extrapolation
        ? new
        {
            Method = context.Cell.Decoding.Name(),
            Model = ModelProvider.Fingerprint(context),
            context.Steering.Alpha,
            context.Steering.PairForward,
            context.Steering.MaxNonFiniteFraction,
            context.Strength.TrimTau,
            context.Strength.MinDeltaNorm,
        }
        : SvDecodeFingerprint(context);

    private static object SvDecodeFingerprint(StageContext context) => new
    {
        Model = ModelProvider.Fingerprint(context),
        context.Steering.Alpha,
        context.Steering.Projection, // μ* is solved along δ or g (method.md §9)
        context.Steering.PairForward,
        context.Steering.MaxNonFiniteFraction,
        context.Strength.TrimTau,
        context.Strength.MinDeltaNorm,
    };

    public Task RunAsync(StageContext context, CancellationToken cancellationToken)
    {
        var strength = context.Strength;
        var steeringSettings = context.Steering;
        var source = $"{context.Document.FilePath}: strength";
        var options = new StrengthSolverOptions
        {
            Alpha = steeringSettings.Alpha,
            Projection = steeringSettings.Projection,
            MinDeltaNorm = strength.MinDeltaNorm,
            Method = context.Cell.Decoding.Method()!.Value,
        }.Validate(source);

        var dataset = context.Read(StageOutputs.Dataset);
        var loaded = models.Get(context);
        IReadOnlyList<TokenStrength> tokens = [];
        if (dataset.Calibration.Count > 0)
        {
            using var adapter = adapters.Attach(context, loaded);
            var examples = dataset.Calibration.Select(i => CalibrationExample.FromWarmStart(loaded.Tokenizer, i.WarmStart)).ToList();
            using var task = context.Progress.Start("strength (calibration)", examples.Count);
            tokens = new StrengthCalibrator(() => adapter.OpenPair(steeringSettings.PairForward), context.Spec.Scoring.BatchSize).Solve(examples, options, task, cancellationToken);
        }
        var output = context.Output!;
        var steering = CalibrationSteeringSummary.Of(tokens, loaded.Model.Config.VocabSize);
        WriteSteeringDiagnostics(output, steering);
        steering.ThrowIfTooManyNonFinite(steeringSettings.MaxNonFiniteFraction, context.Unit.ToString());

        // The report's mu_bar is the mean; a cell's μ̄ is its aggregate (or fixed μ) of these, chosen when scoring.
        var report = StrengthReportBuilder.Report(tokens, new StrengthAggregation { Tau = strength.TrimTau }.Validate(source), options.Epsilon);
        output.WriteText(StageOutputs.Strength.FileName, report.ToJson());
        output.MuStar = report.Histogram;
        var prefix = DecodingTransforms.StrengthPrefix(context.Cell.Decoding);
        output.SetDiagnostic($"{prefix}_mean", report.Aggregates.Mean);
        output.SetDiagnostic($"{prefix}_median", report.Aggregates.Median);
        output.SetDiagnostic($"{prefix}_trimmed", report.Aggregates.Trimmed);
        output.SetDiagnostic($"{prefix}_ratio", report.Aggregates.Ratio);
        output.SetDiagnostic("tokens_used", report.TokensUsed);
        output.SetDiagnostic("tokens_skipped", report.TokensSkipped);
        output.SetDiagnostic("negative_fraction", report.FractionNegative);
        context.Logger.LogInformation("{Unit}: {Symbol}* over {Used} calibration tokens: mean {Mean:0.####}, median {Median:0.####}, trimmed {Trimmed:0.####}, ratio {Ratio:0.####}",
            context.Unit, prefix, report.TokensUsed, report.Aggregates.Mean, report.Aggregates.Median, report.Aggregates.Trimmed, report.Aggregates.Ratio);
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

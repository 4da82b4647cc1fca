using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SvDecode.Eval.Calibration;
using SvDecode.Eval.Engine;
using SvDecode.Eval.Pipeline.Spec;
using SvDecode.Eval.Steering;

namespace SvDecode.Eval.Stages;

/// <summary>
/// Solves the one steering strength μ̄ of a steering-on cell (method.md §3): μ*_t at every answer token of the
/// calibration split (teacher-forced on the gold answer), aggregated as strength.aggregate says. Writes
/// strength.json (<see cref="StrengthReport"/>) with every aggregate, the token counts, the negative fraction and
/// the histogram; a fixed strength is honoured (the report still shows what calibration would have given).
/// </summary>
public sealed class StrengthStage : IPipelineStage
{
    public const string StageName = "strength";

    public const string FileName = "strength.json";

    public string Name => StageName;

    public string Description => "Solves the steering strength mu-bar on the calibration split (per-token mu* and their aggregate).";

    public int Order => 40;

    public int Version => 2; // 2: calibration targets end with the warm-start's EOS token (method.md §9)

    public bool AppliesTo(WorkUnit unit, StageContext context) => unit.Cell.Steering == SteeringSwitch.On && CellAdapter.Available(context);

    public object Fingerprint(StageContext context) => new
    {
        Model = ModelProvider.Fingerprint(context),
        context.Spec.Steering.Alpha,
        context.Spec.Steering.Projection, // μ* is solved along δ or g (method.md §9)
        context.Spec.Steering.PairForward,
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

        var dataset = context.Input(DatasetStage.StageName).ReadJson<DatasetArtifact>(DatasetArtifact.FileName);
        IReadOnlyList<TokenStrength> tokens = [];
        if (dataset.Calibration.Count > 0)
        {
            var loaded = context.Services.GetRequiredService<ModelProvider>().Get(context);
            using var adapter = CellAdapter.Attach(context, loaded);
            var examples = dataset.Calibration.Select(i => CalibrationExample.FromWarmStart(loaded.Tokenizer, i.WarmStart)).ToList();
            tokens = new StrengthCalibrator(() => adapter.OpenPair(context.Spec.Steering.PairForward), context.Spec.Scoring.BatchSize).Solve(examples, options, cancellationToken);
        }
        var report = StrengthReportBuilder.Report(tokens, aggregation, options.Epsilon);
        if (!double.IsFinite(report.MuBar))
        {
            throw new InvalidOperationException(
                $"{context.Unit}: the strength calibration used no token ({report.TokensUsed} of {report.TokensTotal}; {dataset.Calibration.Count} calibration items), " +
                "so mu-bar is undefined. Raise split.calibration_fraction, lower strength.min_delta_norm, or set strength.aggregate: fixed.");
        }
        var output = context.Output!;
        output.WriteText(FileName, report.ToJson());
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

    /// <summary>The μ̄ a strength artifact holds.</summary>
    public static StrengthReport Read(ArtifactReader artifact) => StrengthReport.FromJson(File.ReadAllText(artifact.PathOf(FileName)));
}

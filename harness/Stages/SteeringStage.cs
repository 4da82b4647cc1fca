using Microsoft.Extensions.DependencyInjection;
using SvDecode.Eval.Calibration;
using SvDecode.Eval.Engine;
using SvDecode.Eval.Pipeline.Spec;
using SvDecode.Eval.Steering;
using static TorchSharp.torch;

namespace SvDecode.Eval.Stages;

/// <summary>
/// Diagnostics of the steering vector δ between the base and the warm-started model on the calibration split
/// (teacher-forced, at the answer positions): kept-token fraction, mean KL and non-finite counts. Runs for
/// steering-on cells only; fails the cell when the non-finite fraction is above steering.max_non_finite_fraction.
/// </summary>
public sealed class SteeringStage : IPipelineStage
{
    public const string StageName = "steering";

    public string Name => StageName;

    public string Description => "Measures the steering vector on the calibration split: kept-token fraction, mean KL, non-finite values.";

    public int Order => 30;

    public int Version => 2; // 2: calibration targets end with the warm-start's EOS token (method.md §9)

    public bool AppliesTo(WorkUnit unit, StageContext context) => unit.Cell.Steering == SteeringSwitch.On && CellAdapter.Available(context);

    public object Fingerprint(StageContext context) => new
    {
        Model = ModelProvider.Fingerprint(context),
        context.Spec.Steering.Alpha,
        context.Spec.Steering.MaxNonFiniteFraction,
        context.Spec.Steering.PairForward, // same values up to float rounding, but not bit for bit
    };

    public Task RunAsync(StageContext context, CancellationToken cancellationToken)
    {
        var dataset = context.Input(DatasetStage.StageName).ReadJson<DatasetArtifact>(DatasetArtifact.FileName);
        var loaded = context.Services.GetRequiredService<ModelProvider>().Get(context);
        using var adapter = CellAdapter.Attach(context, loaded);
        var examples = dataset.Calibration.Select(i => CalibrationExample.FromWarmStart(loaded.Tokenizer, i.WarmStart)).ToList();
        var alpha = context.Spec.Steering.Alpha;

        long positions = 0, kept = 0, goldKept = 0, badBase = 0, badAdapted = 0, badDelta = 0;
        double klSum = 0;
        long klCount = 0;
        using (var pair = adapter.OpenPair(context.Spec.Steering.PairForward))
        {
            foreach (var batch in examples.Chunk(context.Spec.Scoring.BatchSize))
            {
                cancellationToken.ThrowIfCancellationRequested();
                AnswerPositionLogits.ForEachChunk(pair, batch, (zTheta, zPhi, targets) =>           // (N, V) each
                {
                    var steering = SteeringVector.Compute(zTheta, zPhi);
                    var keep = ConfidenceMask.Compute(steering.AdaptedProbs, alpha);                // (N, V)
                    var finiteKl = steering.Kl.isfinite();                                          // (N)
                    positions += targets.Length;
                    kept += keep.sum().item<long>();
                    goldKept += keep.gather(-1, tensor(targets, device: keep.device).unsqueeze(-1)).sum().item<long>();
                    klSum += steering.Kl.to(ScalarType.Float64).masked_fill(finiteKl.logical_not(), 0).sum().item<double>();
                    klCount += finiteKl.sum().item<long>();
                    badBase += steering.NonFinite.BaseLogits;
                    badAdapted += steering.NonFinite.AdaptedLogits;
                    badDelta += steering.NonFinite.Delta;
                });
            }
        }
        var vocabulary = loaded.Model.Config.VocabSize;
        var report = new SteeringReport(
            examples.Count,
            positions,
            positions == 0 ? double.NaN : kept / ((double)positions * vocabulary),
            positions == 0 ? double.NaN : kept / (double)positions,
            klCount == 0 ? double.NaN : klSum / klCount,
            positions == 0 ? double.NaN : goldKept / (double)positions,
            badBase,
            badAdapted,
            badDelta);
        var output = context.Output!;
        output.WriteJson(SteeringReport.FileName, report);
        output.SetDiagnostic("steering_positions", positions);
        output.SetDiagnostic("kept_fraction", report.KeptFraction);
        output.SetDiagnostic("mean_kept_count", report.MeanKeptCount);
        output.SetDiagnostic("mean_kl", report.MeanKl);
        output.SetDiagnostic("gold_kept_fraction", report.GoldKeptFraction);
        output.SetDiagnostic("non_finite_base_logits", badBase);
        output.SetDiagnostic("non_finite_adapted_logits", badAdapted);
        output.SetDiagnostic("non_finite_delta", badDelta);
        // A position is counted at most once per kind; the bound is on values, which is at least as strict.
        var nonFinite = badBase + badAdapted + badDelta;
        if (positions > 0 && nonFinite / (double)positions > context.Spec.Steering.MaxNonFiniteFraction)
        {
            throw new InvalidOperationException(
                $"{context.Unit}: {nonFinite} non-finite logit/δ values over {positions} calibration positions, above steering.max_non_finite_fraction = " +
                $"{context.Spec.Steering.MaxNonFiniteFraction}. Run the model in float32, or check the adapter.");
        }
        return Task.CompletedTask;
    }
}

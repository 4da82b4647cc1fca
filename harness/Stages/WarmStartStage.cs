using Microsoft.Extensions.Logging;
using SvDecode.Eval.Engine;
using SvDecode.Eval.Peft;
using SvDecode.Eval.Pipeline.Spec;
using SvDecode.Eval.Training;

namespace SvDecode.Eval.Stages;

/// <summary>
/// Trains one PEFT adapter per cell (method + its settings + the warm-start settings + model + dataset) on the
/// dataset's train split, and saves it in the Hugging Face PEFT format (<see cref="StageOutputs.Adapter"/>), so later
/// stages (and Python PEFT) can load it. Cells that differ only in steering share the artifact. The training log holds the per-step
/// losses and the timings; diagnostics hold only deterministic numbers.
/// </summary>
public sealed class WarmStartStage(ModelProvider models) : IPipelineStage
{
    public const string LogFileName = "training_log.json";

    public string Name => StageOutputs.Adapter.Stage;

    public string Description => "Warm-starts the cell's PEFT adapter on the train split (AdamW, loss on answers) and saves it in the PEFT format.";

    public int Order => 20;

    public int Version => 1;

    public IReadOnlyList<StageOutput> Reads => [StageOutputs.Dataset];

    public object Fingerprint(StageContext context) => new
    {
        Method = context.Cell.Peft,
        Settings = MethodSettings(context.Spec.Warmstart, context.Cell.Peft),
        Training = context.Spec.Warmstart.ToTrainingOptions(context.Spec.Seed),
        context.Spec.Warmstart.MaxLength,
        Model = ModelProvider.Fingerprint(context),
    };

    public Task RunAsync(StageContext context, CancellationToken cancellationToken)
    {
        var settings = context.Spec.Warmstart;
        var dataset = context.Read(StageOutputs.Dataset);
        var loaded = models.Get(context);
        var config = settings.ConfigFor(context.Cell.Peft, loaded.Model.Config, Path.GetFileName(loaded.Directory));
        using var adapter = PeftAdapters.Create(loaded.Model, config, context.Spec.Seed, loaded.Tokenizer);
        var examples = new WarmStartEncoder(loaded.Tokenizer, settings.MaxLength).EncodeAll(dataset.Train.Select(i => i.WarmStart));
        if (examples.Count == 0)
        {
            context.Logger.LogWarning("{Unit}: no training items; the adapter is saved as initialised", context.Unit);
        }
        var trainableParams = adapter.TrainableParameters.Sum(p => p.numel());
        context.Logger.LogInformation("{Unit}: warm-starting {Method} ({Params} trainable parameters) on {Items} items",
            context.Unit, context.Cell.PeftName, trainableParams, examples.Count);
        var report = WarmStartTrainer.Train(adapter, examples, settings.ToTrainingOptions(context.Spec.Seed), context.Logger, context.Progress, cancellationToken);
        adapter.Save(context.Output!.PathOf(StageOutputs.Adapter.FileName));

        var truncated = examples.Count(e => e.Truncated);
        context.Output.WriteJson(LogFileName, new WarmStartLog(
            context.Cell.PeftName, trainableParams, examples.Count, truncated, report.Tokens, report.Steps,
            Math.Round(report.Seconds, 3), Math.Round(report.TokensPerSecond, 1), Math.Round(report.InputTokensPerSecond, 1)));
        context.Output.SetDiagnostic("trainable_params", trainableParams);
        context.Output.SetDiagnostic("train_tokens", report.Tokens);
        context.Output.SetDiagnostic("truncated_items", truncated);
        context.Output.SetDiagnostic("final_loss", report.FinalLoss);
        context.Logger.LogInformation("{Unit}: {Steps} steps, final loss {Loss:F4}, {Rate:F0} tokens/s ({Answer:F1} answer tokens/s)",
            context.Unit, report.Steps.Count, report.FinalLoss, report.InputTokensPerSecond, report.TokensPerSecond);
        return Task.CompletedTask;
    }

    private static object MethodSettings(WarmStartSettings settings, PeftMethod method) => method switch
    {
        PeftMethod.Lora => settings.Lora,
        PeftMethod.Ia3 => settings.Ia3,
        PeftMethod.PromptTuning => settings.PromptTuning,
        _ => settings.PrefixTuning,
    };
}

using Microsoft.Extensions.Logging;
using SvDecode.Eval.Engine;
using SvDecode.Eval.Peft;
using SvDecode.Eval.Pipeline;
using SvDecode.Eval.Pipeline.Spec;
using SvDecode.Eval.Training;

namespace SvDecode.Eval.Stages;

/// <summary>
/// Gives each adapted cell its PEFT adapter in the Hugging Face PEFT format (<see cref="StageOutputs.Adapter"/>), so
/// later stages (and Python PEFT) can load it: trained on the dataset's train split (keyed by the method, its settings,
/// the warm-start settings with the cell's budget, the cell's seed, model and dataset), or, with warmstart.adapter, an existing adapter
/// checked against the model and copied in (keyed by its files). Cells that differ only in steering share the
/// artifact; peft: none has no adapter. The training log holds the per-step losses and the timings; diagnostics hold
/// only deterministic numbers.
/// </summary>
public sealed class WarmStartStage(ModelProvider models, IAdapterLoader loader) : IPipelineStage
{
    public const string LogFileName = "training_log.json";

    public string Name => StageOutputs.Adapter.Stage;

    public string Description => "Warm-starts the cell's PEFT adapter on the train split (AdamW, loss on answers), or takes an existing one (warmstart.adapter), and saves it in the PEFT format.";

    public int Order => 20;

    public int Version => 1;

    public IReadOnlyList<StageOutput> Reads => [StageOutputs.Dataset];

    public bool AppliesTo(WorkUnit unit, StageContext context) => unit.Cell.Method is not null;

    public object Fingerprint(StageContext context)
    {
        var method = Method(context);
        if (ExistingAdapter(context) is { } folder)
        {
            return new
            {
                Method = method,
                Existing = Directory.EnumerateFiles(folder).Order(StringComparer.Ordinal)
                    .Select(f => $"{Path.GetFileName(f)}={context.HashFile(f, "adapter")}").ToList(),
                Model = ModelProvider.Fingerprint(context),
            };
        }
        return new
        {
            Method = method,
            Settings = MethodSettings(context.Warmstart, method),
            Training = context.Warmstart.ToTrainingOptions(context.WarmStartSeed), // epochs: 1 is written as before, 0.25 as 0.25
            context.Warmstart.MaxLength,
            Model = ModelProvider.Fingerprint(context),
        };
    }

    public Task RunAsync(StageContext context, CancellationToken cancellationToken)
    {
        if (ExistingAdapter(context) is { } folder)
        {
            TakeExisting(context, folder);
            return Task.CompletedTask;
        }
        var settings = context.Warmstart;
        var dataset = context.Read(StageOutputs.Dataset);
        var loaded = models.Get(context);
        var config = settings.ConfigFor(Method(context), loaded.Model.Config, Path.GetFileName(loaded.Directory));
        using var adapter = PeftAdapters.Create(loaded.Model, config, context.WarmStartSeed, loaded.Tokenizer);
        var examples = new WarmStartEncoder(loaded.Tokenizer, settings.MaxLength).EncodeAll(dataset.Train.Select(i => i.WarmStart));
        if (examples.Count == 0)
        {
            context.Logger.LogWarning("{Unit}: no training items; the adapter is saved as initialised", context.Unit);
        }
        var trainableParams = adapter.TrainableParameters.Sum(p => p.numel());
        context.Logger.LogInformation("{Unit}: warm-starting {Method} ({Params} trainable parameters) on {Items} items",
            context.Unit, context.Cell.PeftName, trainableParams, examples.Count);
        var report = WarmStartTrainer.Train(adapter, examples, settings.ToTrainingOptions(context.WarmStartSeed), context.Logger, context.Progress, cancellationToken);
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

    /// <summary>
    /// warmstart.adapter: attaches the folder to the run's model once (so a wrong method, missing tensors or shapes
    /// of another model fail here, naming the folder) and copies its files as the stage's adapter, so the run's
    /// artifacts hold exactly what was evaluated.
    /// </summary>
    private void TakeExisting(StageContext context, string folder)
    {
        var loaded = models.Get(context);
        long trainable;
        using (var adapter = loader.Attach(loaded.Model, folder))
        {
            if (adapter.Method != Method(context))
            {
                throw new InputException($"warmstart.adapter.{context.Cell.PeftName}: {folder} holds a {SpecBinder.SnakeCase(adapter.Method.ToString())} adapter, not {context.Cell.PeftName}.");
            }
            trainable = adapter.TrainableParameters.Sum(p => p.numel());
        }
        var target = context.Output!.PathOf(StageOutputs.Adapter.FileName);
        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(folder))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }
        context.Output.SetDiagnostic("trainable_params", trainable);
        context.Output.SetDiagnostic("existing_adapter", 1);
        context.Logger.LogInformation("{Unit}: evaluating the existing {Method} adapter {Folder} ({Params} parameters); nothing is trained",
            context.Unit, context.Cell.PeftName, folder, trainable);
    }

    private static PeftMethod Method(StageContext context) =>
        context.Cell.Method ?? throw new InvalidOperationException($"{context.Unit}: peft none has no adapter to warm-start.");

    private static string? ExistingAdapter(StageContext context) =>
        context.Spec.Warmstart.AdapterFor(Method(context)) is { } folder ? context.Document.Resolve(folder) : null;

    private static object MethodSettings(WarmStartSettings settings, PeftMethod method) => method switch
    {
        PeftMethod.Lora => settings.Lora,
        PeftMethod.Ia3 => settings.Ia3,
        PeftMethod.PromptTuning => settings.PromptTuning,
        _ => settings.PrefixTuning,
    };
}

using Microsoft.Extensions.Logging;
using SvDecode.Eval.Peft;
using SvDecode.Eval.Progress;
using static TorchSharp.torch;

namespace SvDecode.Eval.Training;

/// <summary>
/// Trains an attached PEFT adapter on encoded warm-start examples through <see cref="TrainingLoop"/>, with the loss
/// on answer tokens only. Only the adapter's parameters may receive gradients: that is checked before training
/// (every base parameter has requires_grad false) and after every step (no base parameter has a gradient).
/// </summary>
public static class WarmStartTrainer
{
    public static TrainingReport Train(
        IPeftAdapter adapter,
        IReadOnlyList<EncodedExample> examples,
        TrainingOptions options,
        ILogger? logger = null,
        IRunProgress? progress = null,
        CancellationToken cancellationToken = default)
    {
        var trainable = adapter.TrainableParameters;
        var frozen = FrozenParameters(adapter);
        var device = trainable[0].device;
        var model = adapter.Model;
        var wasEnabled = adapter.Enabled;
        adapter.Enabled = true;
        if (adapter is Peft.Lora.LoraAdapter lora)
        {
            lora.SeedDropout(options.Seed);
        }
        model.train(); // LoRA dropout is active in training mode only
        model.Checkpointing = options.GradientCheckpointing ? new Models.Layers.GradientCheckpointing([.. model.DropoutGenerators]) : null;
        try
        {
            return TrainingLoop.Run(trainable, examples.Count, indices =>
            {
                var batch = TrainingBatch.From(indices.Select(i => examples[i]).ToList(), device);
                var hidden = adapter.TrainingHidden(batch.Ids, batch.Mask); // (B, T, C)
                return new BatchLoss(AnswerLoss.Compute(hidden, batch.Labels, model.Head), batch.AnswerTokens, batch.InputTokens);
            }, options, logger, progress, cancellationToken);
        }
        finally
        {
            model.eval();
            model.Checkpointing = null;
            adapter.Enabled = wasEnabled;
            AssertNoBaseGradients(frozen);
        }
    }

    /// <summary>The model's own parameters (those not in the adapter); each must be frozen.</summary>
    private static IReadOnlyList<(string Name, TorchSharp.Modules.Parameter Parameter)> FrozenParameters(IPeftAdapter adapter)
    {
        var trainable = adapter.TrainableParameters.Select(p => p.Handle).ToHashSet();
        var frozen = adapter.Model.named_parameters().Where(p => !trainable.Contains(p.parameter.Handle)).ToList();
        if (frozen.FirstOrDefault(p => p.parameter.requires_grad) is { name: { } name })
        {
            throw new InvalidOperationException($"base parameter '{name}' requires grad: only adapter parameters may train");
        }
        if (adapter.TrainableParameters.FirstOrDefault(p => !p.requires_grad) is not null)
        {
            throw new InvalidOperationException("an adapter parameter does not require grad");
        }
        return frozen;
    }

    private static void AssertNoBaseGradients(IReadOnlyList<(string Name, TorchSharp.Modules.Parameter Parameter)> frozen)
    {
        if (frozen.FirstOrDefault(p => p.Parameter.grad is not null || p.Parameter.requires_grad) is { Name: { } name })
        {
            throw new InvalidOperationException($"base parameter '{name}' received a gradient during warm-start");
        }
    }
}

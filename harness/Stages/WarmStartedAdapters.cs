using SvDecode.Eval.Engine;
using SvDecode.Eval.Peft;
using SvDecode.Eval.Steering;

namespace SvDecode.Eval.Stages;

/// <summary>
/// How the strength and score stages get the cell's warm-started adapter: the warmstart stage's output
/// (<see cref="StageOutputs.Adapter"/>), attached to the run's model through the registered
/// <see cref="IAdapterLoader"/>. Without that output (no warm-start stage registered) those stages do not apply.
/// </summary>
public sealed class WarmStartedAdapters(IAdapterLoader loader)
{
    public static bool Available(StageContext context) => context.Has(StageOutputs.Adapter);

    /// <summary>Attaches the cell's adapter to the run's model; dispose it to detach.</summary>
    public IPeftAdapter Attach(StageContext context, LoadedModel loaded)
    {
        var directory = context.Read(StageOutputs.Adapter);
        var adapter = loader.Attach(loaded.Model, directory);
        if (adapter.Method != context.Cell.Method)
        {
            adapter.Dispose();
            throw new InvalidOperationException($"{directory} holds a {adapter.Method} adapter, but the cell is {context.Cell.PeftName}.");
        }
        return adapter;
    }

    /// <summary>The steering options of the run's pipeline for one mask mode.</summary>
    public static SteeringOptions Options(StageContext context, MaskMode mask) => new SteeringOptions
    {
        Alpha = context.Steering.Alpha,
        Mask = mask,
        Projection = context.Steering.Projection,
    }.Validate($"{context.Document.FilePath}: steering");
}

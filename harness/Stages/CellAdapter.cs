using Microsoft.Extensions.DependencyInjection;
using SvDecode.Eval.Engine;
using SvDecode.Eval.Peft;

namespace SvDecode.Eval.Stages;

/// <summary>
/// Where the steering, strength and score stages get the cell's warm-started adapter: the warmstart stage's artifact
/// (folder <see cref="AdapterFolder"/>), attached to the run's model through the registered <see cref="IAdapterLoader"/>.
/// Without a warmstart artifact (no warm-start stage registered) those stages do not apply.
/// </summary>
public static class CellAdapter
{
    public const string WarmStartStageName = WarmStartStage.StageName;

    public const string AdapterFolder = WarmStartStage.AdapterFolder;

    public static bool Available(StageContext context) => context.HasInput(WarmStartStageName);

    public static string Directory(StageContext context) => context.Input(WarmStartStageName).PathOf(AdapterFolder);

    /// <summary>Attaches the cell's adapter to the run's model; dispose it to detach.</summary>
    public static IPeftAdapter Attach(StageContext context, LoadedModel loaded)
    {
        var loader = context.Services.GetService<IAdapterLoader>()
            ?? throw new InvalidOperationException("No IAdapterLoader is registered: steering and scoring need one to attach the warm-started adapter.");
        var adapter = loader.Attach(loaded.Model, Directory(context));
        if (adapter.Method != context.Cell.Peft)
        {
            adapter.Dispose();
            throw new InvalidOperationException($"{Directory(context)} holds a {adapter.Method} adapter, but the cell is {context.Cell.Peft}.");
        }
        return adapter;
    }

    /// <summary>The steering options of the run's pipeline for one mask mode.</summary>
    public static Steering.SteeringOptions Options(StageContext context, Steering.MaskMode mask) => new Steering.SteeringOptions
    {
        Alpha = context.Spec.Steering.Alpha,
        Mask = mask,
        Projection = context.Spec.Steering.Projection,
    }.Validate($"{context.Document.FilePath}: steering");
}

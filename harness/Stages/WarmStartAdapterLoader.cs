using SvDecode.Eval.Engine;
using SvDecode.Eval.Peft;

namespace SvDecode.Eval.Stages;

/// <summary>
/// Attaches the warm-start artifact's adapter (for the stage context's cell) to the run's loaded model. Later
/// stages dispose the returned adapter when done, which detaches it and leaves the model as loaded.
/// </summary>
public sealed class WarmStartAdapterLoader(ModelProvider models)
{
    public IPeftAdapter Attach(StageContext context)
    {
        var directory = context.Input(WarmStartStage.StageName).PathOf(WarmStartStage.AdapterFolder);
        return PeftAdapters.Load(directory, models.Get(context).Model);
    }
}

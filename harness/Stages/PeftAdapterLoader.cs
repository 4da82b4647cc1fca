using SvDecode.Eval.Models;
using SvDecode.Eval.Peft;

namespace SvDecode.Eval.Stages;

/// <summary>Attaches a saved Hugging Face PEFT adapter (any of the four methods) to a loaded model.</summary>
public sealed class PeftAdapterLoader : IAdapterLoader
{
    public IPeftAdapter Attach(CausalLanguageModel model, string adapterDirectory) => PeftAdapters.Load(adapterDirectory, model);
}

using SvDecode.Eval.Models;
using SvDecode.Eval.Peft;

namespace SvDecode.Eval.Stages;

/// <summary>
/// Attaches a saved PEFT adapter (Hugging Face PEFT folder: adapter_config.json + adapter_model.safetensors) to a
/// loaded model, for the steering, strength and score stages and the calibrate/probe commands. The PEFT loader
/// (issue 4) implements it for every method; <see cref="VirtualTokenAdapterLoader"/> covers prompt and prefix tuning
/// until then. Disposing the returned adapter detaches it.
/// </summary>
public interface IAdapterLoader
{
    IPeftAdapter Attach(CausalLanguageModel model, string adapterDirectory);
}

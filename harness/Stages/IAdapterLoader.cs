using SvDecode.Eval.Models;
using SvDecode.Eval.Peft;

namespace SvDecode.Eval.Stages;

/// <summary>
/// Attaches a saved PEFT adapter (Hugging Face PEFT folder: adapter_config.json + adapter_model.safetensors) to a
/// loaded model, for the steering, strength and score stages and the calibrate/probe commands
/// (<see cref="PeftAdapterLoader"/>, every method). Disposing the returned adapter detaches it.
/// </summary>
public interface IAdapterLoader
{
    IPeftAdapter Attach(CausalLanguageModel model, string adapterDirectory);
}

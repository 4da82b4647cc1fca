using SvDecode.Eval.Decoding;
using SvDecode.Eval.Models;
using SvDecode.Eval.Steering;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SvDecode.Eval.Peft;

/// <summary>
/// A PEFT adapter attached to a loaded pre-trained model. SVDecode needs both distributions from the same loaded
/// weights: <see cref="AdaptedSessions"/> run the model with the adapter, <see cref="BaseSessions"/> without it (LoRA
/// and IA3 switched off; prompt and prefix tuning without their virtual tokens). Disposing the adapter restores the
/// model exactly as it was loaded, so the next cell can attach another method.
/// </summary>
public interface IPeftAdapter : IDisposable
{
    PeftMethod Method { get; }

    ILogitsSessionFactory BaseSessions { get; }

    ILogitsSessionFactory AdaptedSessions { get; }

    /// <summary>
    /// Both models in lock-step on the same tokens, for steering. <see cref="PairForward.Batched"/> runs them as rows
    /// of one forward where the method allows it (LoRA, IA3, prompt tuning) and lock-step otherwise.
    /// </summary>
    IPairedLogitsSession OpenPair(PairForward forward);

    /// <summary>The model the adapter is attached to.</summary>
    CausalLanguageModel Model { get; }

    /// <summary>What adapter_config.json holds for this adapter.</summary>
    IPeftConfig Config { get; }

    /// <summary>
    /// Whether direct model calls (<see cref="CausalLanguageModel.Forward"/>, <see cref="TrainingHidden"/>) include the
    /// adapter. Sessions ignore it: base sessions never use the adapter, adapted sessions always do.
    /// </summary>
    bool Enabled { get; set; }

    /// <summary>The only parameters training may change (requires_grad true); the base model's stay frozen.</summary>
    IReadOnlyList<Parameter> TrainableParameters { get; }

    /// <summary>
    /// Final hidden states (B, T, C) of the adapted model for a right- or left-padded batch, ids and mask (B, T), with
    /// autograd: the forward the warm-start trainer differentiates, applying <see cref="CausalLanguageModel.Head"/> to
    /// the answer positions only. No cache; positions from the mask.
    /// </summary>
    Tensor TrainingHidden(Tensor ids, Tensor mask);

    /// <summary>Writes adapter_config.json and adapter_model.safetensors (PEFT's key names and shapes) into <paramref name="directory"/>.</summary>
    void Save(string directory);
}

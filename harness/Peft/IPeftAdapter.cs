using SvDecode.Eval.Decoding;
using SvDecode.Eval.Pipeline.Spec;

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
}

using SvDecode.Eval.Peft;
using SvDecode.Eval.Pipeline.Spec;
using SvDecode.Eval.Training;

namespace SvDecode.Eval.Tests.Peft;

/// <summary>
/// A small learnable task in token ids (no tokenizer): after any of a few prompts, answer the same three tokens.
/// Any method can learn it (a constant answer needs no input dependence).
/// </summary>
public static class ToyTask
{
    public static readonly IReadOnlyList<EncodedExample> Examples =
    [
        .. Enumerable.Range(0, 6).Select(i => new EncodedExample([1, 10 + i, 20 + i, 30 + i, 7, 8, 9], 4, false)),
    ];

    /// <summary>Steep rates so a few steps show the fall: virtual tokens start far from any useful value.</summary>
    public static TrainingOptions Options(PeftMethod method) => new()
    {
        LearningRate = method switch { PeftMethod.Lora => 0.02, _ => 0.1 },
        MaxSteps = 20,
        BatchSize = 2,
        GradientAccumulation = 1,
        MaxGradNorm = 1.0,
        Seed = 3,
    };
}

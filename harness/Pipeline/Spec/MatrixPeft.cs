using SvDecode.Eval.Peft;

namespace SvDecode.Eval.Pipeline.Spec;

/// <summary>A value of the matrix's PEFT axis: a PEFT method, or none (the pre-trained model without an adapter).</summary>
public enum MatrixPeft
{
    /// <summary>The pre-trained model as it is: the baseline row. Steering does not apply (no adapter, so δ = 0).</summary>
    None,
    Lora,
    Ia3,
    PromptTuning,
    PrefixTuning,
}

public static class MatrixPeftExtensions
{
    /// <summary>The PEFT method, or null for <see cref="MatrixPeft.None"/>.</summary>
    public static PeftMethod? Method(this MatrixPeft peft) => peft switch
    {
        MatrixPeft.None => null,
        MatrixPeft.Lora => PeftMethod.Lora,
        MatrixPeft.Ia3 => PeftMethod.Ia3,
        MatrixPeft.PromptTuning => PeftMethod.PromptTuning,
        MatrixPeft.PrefixTuning => PeftMethod.PrefixTuning,
        _ => throw new ArgumentOutOfRangeException(nameof(peft), peft, null),
    };

    public static MatrixPeft ToMatrix(this PeftMethod method) => method switch
    {
        PeftMethod.Lora => MatrixPeft.Lora,
        PeftMethod.Ia3 => MatrixPeft.Ia3,
        PeftMethod.PromptTuning => MatrixPeft.PromptTuning,
        PeftMethod.PrefixTuning => MatrixPeft.PrefixTuning,
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, null),
    };
}

namespace SvDecode.Eval.Steering;

/// <summary>How the base and the adapted model are run together on the same tokens (method.md §4).</summary>
public enum PairForward
{
    /// <summary>
    /// One forward with the base rows and the adapted rows stacked in one batch, where the PEFT method allows it
    /// (LoRA and IA3: adapter masked per row; prompt tuning: virtual tokens masked out for the base rows). Every
    /// weight is read once for both models, which is what makes steered decoding cost little more than plain decoding.
    /// Methods without a batched form (prefix tuning) run lock-step.
    /// </summary>
    Batched,

    /// <summary>Two forwards one after the other, each model with its own session.</summary>
    LockStep,
}

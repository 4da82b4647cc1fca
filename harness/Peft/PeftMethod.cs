namespace SvDecode.Eval.Peft;

/// <summary>The PEFT methods the harness trains and loads (one folder each under Peft/).</summary>
public enum PeftMethod
{
    Lora,
    Ia3,
    PromptTuning,
    PrefixTuning,
}


namespace SvDecode.Eval.Peft;

/// <summary>PEFT's peft_type strings for our methods.</summary>
public static class PeftTypes
{
    public static string Of(PeftMethod method) => method switch
    {
        PeftMethod.Lora => "LORA",
        PeftMethod.Ia3 => "IA3",
        PeftMethod.PromptTuning => "PROMPT_TUNING",
        PeftMethod.PrefixTuning => "PREFIX_TUNING",
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, null),
    };

    public static PeftMethod? Parse(string peftType) => peftType switch
    {
        "LORA" => PeftMethod.Lora,
        "IA3" => PeftMethod.Ia3,
        "PROMPT_TUNING" => PeftMethod.PromptTuning,
        "PREFIX_TUNING" => PeftMethod.PrefixTuning,
        _ => null,
    };

    public static IReadOnlyList<string> All { get; } = ["LORA", "IA3", "PROMPT_TUNING", "PREFIX_TUNING"];
}

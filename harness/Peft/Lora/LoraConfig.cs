using System.Text.Json.Nodes;

namespace SvDecode.Eval.Peft.Lora;

/// <summary>PEFT's LoraConfig fields this tool supports (no DoRA, no bias training, no per-layer patterns).</summary>
public sealed record LoraConfig : IPeftConfig
{
    public required int R { get; init; }

    public required double Alpha { get; init; }

    public double Dropout { get; init; }

    public required TargetModules TargetModules { get; init; }

    /// <summary>rsLoRA: scale by alpha/√r instead of alpha/r.</summary>
    public bool UseRslora { get; init; }

    /// <summary>Informational: GPT-2's Conv1D is always treated as [in, out] (PEFT forces the flag on for it).</summary>
    public bool FanInFanOut { get; init; }

    public string? BaseModelNameOrPath { get; init; }

    public PeftMethod Method => PeftMethod.Lora;

    /// <summary>The factor on B·A: alpha/r, or alpha/√r with rsLoRA.</summary>
    public double Scaling => UseRslora ? Alpha / Math.Sqrt(R) : Alpha / R;

    public static LoraConfig FromFile(AdapterConfigFile file)
    {
        file.RequireUnset("use_dora", "DoRA adapters are not implemented");
        file.RequireUnset("rank_pattern", "per-module ranks are not implemented");
        file.RequireUnset("alpha_pattern", "per-module alphas are not implemented");
        file.RequireUnset("layers_to_transform", "layer subsets are not implemented");
        file.RequireUnset("modules_to_save", "fully trained extra modules are not implemented");
        if (file.String("bias") is { } bias && bias != "none")
        {
            throw file.Error("bias", $"'{bias}' is not supported; only 'none'");
        }
        var r = file.RequiredInt("r");
        if (r < 1)
        {
            throw file.Error("r", $"{r} must be at least 1");
        }
        return new LoraConfig
        {
            R = r,
            Alpha = file.Number("lora_alpha") ?? 8,
            Dropout = file.Number("lora_dropout") ?? 0,
            TargetModules = file.Targets("target_modules") ?? throw file.Error("target_modules", "required for LORA"),
            UseRslora = file.Bool("use_rslora", false),
            FanInFanOut = file.Bool("fan_in_fan_out", false),
            BaseModelNameOrPath = file.String("base_model_name_or_path"),
        };
    }

    public JsonObject ToJson() => new()
    {
        ["alpha_pattern"] = new JsonObject(),
        ["auto_mapping"] = null,
        ["base_model_name_or_path"] = BaseModelNameOrPath,
        ["bias"] = "none",
        ["fan_in_fan_out"] = FanInFanOut,
        ["inference_mode"] = true,
        ["init_lora_weights"] = true,
        ["layers_pattern"] = null,
        ["layers_to_transform"] = null,
        ["lora_alpha"] = JsonNumber.Of(Alpha),
        ["lora_dropout"] = Dropout,
        ["modules_to_save"] = null,
        ["peft_type"] = PeftTypes.Of(Method),
        ["r"] = R,
        ["rank_pattern"] = new JsonObject(),
        ["revision"] = null,
        ["target_modules"] = TargetModules.ToJson(),
        ["task_type"] = PeftFiles.CausalLmTaskType,
        ["use_dora"] = false,
        ["use_rslora"] = UseRslora,
    };
}

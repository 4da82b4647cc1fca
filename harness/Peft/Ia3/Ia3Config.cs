using System.Text.Json.Nodes;

namespace SvDecode.Eval.Peft.Ia3;

/// <summary>PEFT's IA3Config: target modules, and which of them are feed-forward (input-scaled).</summary>
public sealed record Ia3Config : IPeftConfig
{
    public required TargetModules TargetModules { get; init; }

    /// <summary>Targets whose input is scaled (PEFT: must be a subset of the targets).</summary>
    public required TargetModules FeedforwardModules { get; init; }

    public bool FanInFanOut { get; init; }

    public string? BaseModelNameOrPath { get; init; }

    public PeftMethod Method => PeftMethod.Ia3;

    public static Ia3Config FromFile(AdapterConfigFile file)
    {
        file.RequireUnset("modules_to_save", "fully trained extra modules are not implemented");
        return new Ia3Config
        {
            TargetModules = file.Targets("target_modules") ?? throw file.Error("target_modules", "required for IA3"),
            FeedforwardModules = file.Targets("feedforward_modules") ?? TargetModules.FromNames([]),
            FanInFanOut = file.Bool("fan_in_fan_out", false),
            BaseModelNameOrPath = file.String("base_model_name_or_path"),
        };
    }

    public JsonObject ToJson() => new()
    {
        ["auto_mapping"] = null,
        ["base_model_name_or_path"] = BaseModelNameOrPath,
        ["fan_in_fan_out"] = FanInFanOut,
        ["feedforward_modules"] = FeedforwardModules.ToJson(),
        ["inference_mode"] = true,
        ["init_ia3_weights"] = true,
        ["modules_to_save"] = null,
        ["peft_type"] = PeftTypes.Of(Method),
        ["revision"] = null,
        ["target_modules"] = TargetModules.ToJson(),
        ["task_type"] = PeftFiles.CausalLmTaskType,
    };
}

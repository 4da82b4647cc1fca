using SvDecode.Eval.Peft;
namespace SvDecode.Eval.Pipeline.Spec;

/// <summary>The axes of the run; every combination is one cell.</summary>
public sealed record MatrixSpec : ISelfValidating
{
    [SpecDoc("PEFT methods to warm-start")]
    public IReadOnlyList<PeftMethod> Peft { get; init; } = [PeftMethod.Lora];

    [SpecDoc("decode without and/or with SVDecode")]
    public IReadOnlyList<SteeringSwitch> Steering { get; init; } = [SteeringSwitch.Off, SteeringSwitch.On];

    public void Validate(SpecValidationContext context)
    {
        if (Peft is { Count: 0 })
        {
            context.Error("peft", "at least one PEFT method is required");
        }
        if (Steering is { Count: 0 })
        {
            context.Error("steering", "at least one of off, on is required");
        }
        if (Peft is not null && Peft.Distinct().Count() != Peft.Count)
        {
            context.Error("peft", "a PEFT method is listed twice");
        }
        if (Steering is not null && Steering.Distinct().Count() != Steering.Count)
        {
            context.Error("steering", "a steering value is listed twice");
        }
    }
}

public enum SteeringSwitch
{
    Off,
    On,
}

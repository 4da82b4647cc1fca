using SvDecode.Eval.Models.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace SvDecode.Eval.Models.Llama;

/// <summary>SwiGLU feed-forward: down(silu(gate(x)) ⊙ up(x)).</summary>
public sealed class LlamaMlp : nn.Module<Tensor, Tensor>, IProjectionHost
{
#pragma warning disable IDE1006 // field names are checkpoint keys
    private nn.Module<Tensor, Tensor> gate_proj;
    private nn.Module<Tensor, Tensor> up_proj;
    private nn.Module<Tensor, Tensor> down_proj;
#pragma warning restore IDE1006
    private readonly FusedLinear _gateUp; // gate and up weights as one (2I, C) tensor; the two projections hold views of it

    public LlamaMlp(ModelConfig config, ParameterFactory parameters) : base(nameof(LlamaMlp))
    {
        _gateUp = FusedLinear.Create(config.HiddenSize, [config.IntermediateSize, config.IntermediateSize], false, parameters);
        (gate_proj, up_proj) = (_gateUp.Parts[0], _gateUp.Parts[1]);
        down_proj = new LinearProjection(config.IntermediateSize, config.HiddenSize, false, parameters);
        RegisterComponents();
    }

    public IReadOnlyList<string> ProjectionNames { get; } = ["gate_proj", "up_proj", "down_proj"];

    /// <summary>(B, T, C) → (B, T, C). Its (B, T, I) intermediates are freed when it returns, not when the layer does;
    /// without autograd silu and the product run in place, so two of them are alive at once rather than four (a
    /// calibration batch of a 0.5B model holds tens of megabytes in each). Fused, gate and up are the two halves of
    /// one (B, T, 2I) product: the same two (B, T, I) blocks.</summary>
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var fused = _gateUp.Forward(x, gate_proj, up_proj);                         // (B, T, I) ×2, or null
        var gate = fused?[0] ?? gate_proj.forward(x);                               // (B, T, I)
        if (is_grad_enabled())
        {
            return down_proj.forward(nn.functional.silu(gate) * (fused?[1] ?? up_proj.forward(x))).MoveToOuterDisposeScope();
        }
        var hidden = gate.silu_();                                                  // (B, T, I)
        using (var up = fused?[1] ?? up_proj.forward(x))                            // (B, T, I)
        {
            hidden.mul_(up);
        }
        return down_proj.forward(hidden).MoveToOuterDisposeScope();
    }

    public nn.Module<Tensor, Tensor> GetProjection(string name) => name switch
    {
        "gate_proj" => gate_proj,
        "up_proj" => up_proj,
        "down_proj" => down_proj,
        _ => throw new ArgumentException($"No projection '{name}' in mlp.", nameof(name)),
    };

    public void SetProjection(string name, nn.Module<Tensor, Tensor> module)
    {
        _ = GetProjection(name);
        switch (name)
        {
            case "gate_proj": gate_proj = module; break;
            case "up_proj": up_proj = module; break;
            default: down_proj = module; break;
        }
        register_module(name, null!);
        register_module(name, module);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _gateUp.Dispose();
        }
        base.Dispose(disposing);
    }
}

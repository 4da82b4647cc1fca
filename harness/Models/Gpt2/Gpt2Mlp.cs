using SvDecode.Eval.Models.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace SvDecode.Eval.Models.Gpt2;

/// <summary>c_proj(gelu_new(c_fc(x))).</summary>
public sealed class Gpt2Mlp : nn.Module<Tensor, Tensor>, IProjectionHost
{
#pragma warning disable IDE1006 // field names are checkpoint keys
    private nn.Module<Tensor, Tensor> c_fc;
    private nn.Module<Tensor, Tensor> c_proj;
#pragma warning restore IDE1006

    public Gpt2Mlp(ModelConfig config, ParameterFactory parameters) : base(nameof(Gpt2Mlp))
    {
        c_fc = new Conv1D(config.HiddenSize, config.IntermediateSize, parameters);
        c_proj = new Conv1D(config.IntermediateSize, config.HiddenSize, parameters);
        RegisterComponents();
    }

    public IReadOnlyList<string> ProjectionNames { get; } = ["c_fc", "c_proj"];

    public override Tensor forward(Tensor x) => c_proj.forward(GeluNew(c_fc.forward(x)));

    /// <summary>The tanh approximation: 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))).</summary>
    public static Tensor GeluNew(Tensor x) =>
        0.5 * x * (1.0 + tanh(Math.Sqrt(2.0 / Math.PI) * (x + 0.044715 * x.pow(3))));

    public nn.Module<Tensor, Tensor> GetProjection(string name) => name switch
    {
        "c_fc" => c_fc,
        "c_proj" => c_proj,
        _ => throw new ArgumentException($"No projection '{name}' in mlp.", nameof(name)),
    };

    public void SetProjection(string name, nn.Module<Tensor, Tensor> module)
    {
        _ = GetProjection(name);
        if (name == "c_fc")
        {
            c_fc = module;
        }
        else
        {
            c_proj = module;
        }
        register_module(name, null!);
        register_module(name, module);
    }
}

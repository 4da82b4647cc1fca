using TorchSharp;
using static TorchSharp.torch;

namespace SvDecode.Eval.Models;

/// <summary>A module owning named projections (Linear or Conv1D) that PEFT may wrap.</summary>
public interface IProjectionHost
{
    IReadOnlyList<string> ProjectionNames { get; }

    nn.Module<Tensor, Tensor> GetProjection(string name);

    /// <summary>Swaps the field and its registration, so parameters() and state keys follow the new module.</summary>
    void SetProjection(string name, nn.Module<Tensor, Tensor> module);
}

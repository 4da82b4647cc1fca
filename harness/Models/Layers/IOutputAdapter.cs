using TorchSharp;
using static TorchSharp.torch;

namespace SvDecode.Eval.Models.Layers;

/// <summary>
/// A wrapper around a projection that changes only what comes out of it (LoRA; IA3 outside the feed-forward), so its
/// forward is <c>Adapt(x, Wrapped.forward(x))</c>. A fused product (<see cref="FusedLinear"/>) computes the wrapped
/// outputs of several projections at once and hands each wrapper its slice; a wrapper that scales or changes its input
/// (IA3 on a feed-forward module) says so through <see cref="AdaptsOutputOnly"/> and gets its own product.
/// </summary>
public interface IOutputAdapter
{
    /// <summary>The module it wraps: a projection or another output adapter.</summary>
    nn.Module<Tensor, Tensor> Wrapped { get; }

    /// <summary>False when the wrapper's forward is not <c>Adapt(x, Wrapped.forward(x))</c>.</summary>
    bool AdaptsOutputOnly { get; }

    /// <summary>x (…, in) and the wrapped module's output for it (…, out), which the wrapper may change in place
    /// (a fresh tensor or a slice of one no one else reads) → the wrapper's output (…, out).</summary>
    Tensor Adapt(Tensor x, Tensor wrappedOutput);
}

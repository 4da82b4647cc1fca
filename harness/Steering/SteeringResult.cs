using TorchSharp;

namespace SvDecode.Eval.Steering;

/// <summary>
/// The steering quantities at one or more positions (leading dims ..., vocabulary last), all in the compute dtype
/// (float32 unless float64 was asked for). Owns its tensors: dispose it, or let an enclosing dispose scope do so.
/// </summary>
public sealed class SteeringResult : IDisposable
{
    private readonly NonFiniteCounts? _nonFinite;

    internal SteeringResult(torch.Tensor adaptedLogits, torch.Tensor logRatio, torch.Tensor adaptedProbs, torch.Tensor kl, torch.Tensor delta, NonFiniteCounts? nonFinite)
    {
        AdaptedLogits = adaptedLogits;
        LogRatio = logRatio;
        AdaptedProbs = adaptedProbs;
        Kl = kl;
        Delta = delta;
        _nonFinite = nonFinite;
    }

    /// <summary>z_φ cast to the compute dtype. (..., V)</summary>
    public torch.Tensor AdaptedLogits { get; }

    /// <summary>log r = log_softmax(z_φ) − log_softmax(z_θ). (..., V)</summary>
    public torch.Tensor LogRatio { get; }

    /// <summary>p = softmax(z_φ). (..., V)</summary>
    public torch.Tensor AdaptedProbs { get; }

    /// <summary>KL(p_φ ‖ p_θ) = Σ p·log r. (...)</summary>
    public torch.Tensor Kl { get; }

    /// <summary>δ = p ⊙ (KL − log r), the projected steering vector; sums to 0 over V. (..., V)</summary>
    public torch.Tensor Delta { get; }

    /// <summary>NaN/±Inf entries of z_θ, z_φ and δ (only when computed with countNonFinite, the default).</summary>
    public NonFiniteCounts NonFinite => _nonFinite
        ?? throw new InvalidOperationException("Non-finite values were not counted for this steering result (countNonFinite: false).");

    public void Dispose()
    {
        AdaptedLogits.Dispose();
        LogRatio.Dispose();
        AdaptedProbs.Dispose();
        Kl.Dispose();
        Delta.Dispose();
    }
}

using TorchSharp;

namespace SvDecode.Eval.Steering;

/// <summary>
/// The confidence mask of Eq. 12–13: keep(y) = p_φ(y) ≥ α · max_y p_φ(y). A relative threshold, not top-k, so the
/// kept set is small where the adapted model is sure and wide where it is not.
/// </summary>
public static class ConfidenceMask
{
    public const double DefaultAlpha = 0.1;

    /// <summary>Boolean keep mask of the same shape as <paramref name="adaptedProbs"/> (..., V).</summary>
    public static torch.Tensor Compute(torch.Tensor adaptedProbs, double alpha = DefaultAlpha)
    {
        if (!(alpha >= 0 && alpha <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "The mask threshold alpha must lie in [0, 1].");
        }
        using var scope = torch.NewDisposeScope();
        var max = adaptedProbs.amax([-1L], keepdim: true);                       // (..., 1)
        return adaptedProbs.ge(max * alpha).MoveToOuterDisposeScope();           // (..., V) bool
    }

    /// <summary>The number of kept tokens per position. (...) int64</summary>
    public static torch.Tensor CountKept(torch.Tensor keep)
    {
        using var scope = torch.NewDisposeScope();
        return keep.to_type(torch.ScalarType.Int64).sum(-1).MoveToOuterDisposeScope();
    }
}

using TorchSharp;
using static TorchSharp.torch;

namespace SvDecode.Eval.Models.Layers;

/// <summary>
/// Where attention computes q/k/v and the MLP gate/up as one product each (<see cref="FusedLinear"/>). The weights are
/// stored fused either way (the projections' parameters are views of one tensor); this only picks the forward.
/// Measured in whole decode steps toggled within one process, three runs (AMD EPYC, 2026-12-06, the machine shared with
/// two other runs; docs/performance.md): fused was faster in every run only on the 134M bench model at 8 rows (0.85–
/// 0.97× the step time) and at 16 rows in the two loaded runs (0.88–0.90×, 1.00 in the quieter one); at 1 and 2 rows and
/// on the 27M model's 512-wide inputs it was 0.96–1.00× in the quieter run and even within noise under load. So by
/// default only float32 products of 8–48 rows at least 768 wide are fused (the few-row product's range, where oneMKL
/// streams the weights). Prefill and half precision were not measured and stay separate.
/// </summary>
public static class FusedProjections
{
    /// <summary>Off: never fused. Settable for in-process A/B measurements; <c>SVDECODE_FUSED_PROJECTIONS=off</c>
    /// turns the fused products off for a process.</summary>
    public static bool Enabled { get; set; } = Environment.GetEnvironmentVariable("SVDECODE_FUSED_PROJECTIONS") != "off";

    /// <summary>Fuse every shape and dtype, not only the measured ones (tests and measurements).</summary>
    public static bool AllShapes { get; set; }

    /// <summary>Fewest rows fused.</summary>
    public const int MinRows = 8;

    /// <summary>Most rows fused (the few-row product's upper end; beyond it nothing was measured).</summary>
    public const int MaxRows = FewRowProduct.MaxRows;

    /// <summary>Narrowest inputs fused.</summary>
    public const long WideInputs = 768;

    /// <summary>Whether x (…, in) goes through the fused product of <paramref name="weight"/> (Σout, in).</summary>
    public static bool Applies(Tensor x, Tensor weight)
    {
        if (!Enabled)
        {
            return false;
        }
        if (AllShapes)
        {
            return true;
        }
        if (weight.dtype != ScalarType.Float32 || weight.device_type != DeviceType.CPU || weight.shape[1] < WideInputs)
        {
            return false;
        }
        var rows = x.numel() / weight.shape[1];
        return rows >= MinRows && rows <= MaxRows;
    }
}

namespace SvDecode.Eval.Models.Layers;

/// <summary>
/// Whether attention computes q/k/v and the MLP gate/up as one product each (<see cref="FusedLinear"/>). The weights
/// are stored fused either way (the projections' parameters are views of one tensor); this only picks the forward.
/// Settable for in-process A/B measurements; <c>SVDECODE_FUSED_PROJECTIONS=off</c> turns the fused products off for a
/// process.
/// </summary>
public static class FusedProjections
{
    public static bool Enabled { get; set; } = Environment.GetEnvironmentVariable("SVDECODE_FUSED_PROJECTIONS") != "off";
}

namespace SvDecode.Eval.Tests.Architecture;

/// <summary>A call that leaves a TorchSharp <c>Device</c> parameter to its default (or passes null).</summary>
/// <param name="File">Path relative to the repository root.</param>
/// <param name="Line">1-based line of the called name.</param>
/// <param name="Method">The method or constructor called, e.g. <c>TorchSharp.torch.zeros(params long[], ...)</c>.</param>
/// <param name="Parameter">The Device parameter left out (usually <c>device</c>).</param>
/// <param name="Call">The call's text, shortened.</param>
internal sealed record DefaultDeviceSite(string File, int Line, string Method, string Parameter, string Call)
{
    public override string ToString() => $"{File}:{Line}: {Call}    [{Method}: '{Parameter}' left to its default]";
}

using Xunit;

namespace SvDecode.Eval.Tests.Support;

/// <summary>A fact that runs the real PyTorch peer: skipped, with the reason, where Debian's python3-torch is not installed.</summary>
public sealed class PyTorchPeerFactAttribute : FactAttribute
{
    public const string Python = "/usr/bin/python3";

    public PyTorchPeerFactAttribute()
    {
        Skip = SkipReason;
    }

    /// <summary>Why a test of the real peer cannot run here, or null when it can.</summary>
    public static string? SkipReason =>
        File.Exists(Python) && Directory.Exists("/usr/lib/python3/dist-packages/torch")
            ? null
            : "Debian's python3-torch is not installed (apt-get install python3-torch libopenblas0-pthread): no peer to run";
}

using Xunit;

namespace SvDecode.Eval.Tests.Support;

/// <summary>A fact that runs the real PyTorch peer: skipped, with the reason, where Debian's python3-torch is not installed.</summary>
public sealed class PyTorchPeerFactAttribute : FactAttribute
{
    public const string Python = "/usr/bin/python3";

    public PyTorchPeerFactAttribute()
    {
        if (!File.Exists(Python) || !Directory.Exists("/usr/lib/python3/dist-packages/torch"))
        {
            Skip = "Debian's python3-torch is not installed (apt-get install python3-torch libopenblas0-pthread): no peer to run";
        }
    }
}

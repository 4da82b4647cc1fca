using Xunit;

namespace SvDecode.Eval.Tests.Support;

/// <summary>A theory that runs the real PyTorch peer: skipped, with <see cref="PyTorchPeerFactAttribute"/>'s reason, where it cannot.</summary>
public sealed class PyTorchPeerTheoryAttribute : TheoryAttribute
{
    public PyTorchPeerTheoryAttribute()
    {
        Skip = PyTorchPeerFactAttribute.SkipReason;
    }
}

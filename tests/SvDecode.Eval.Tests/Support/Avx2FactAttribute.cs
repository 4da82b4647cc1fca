using System.Runtime.Intrinsics.X86;
using Xunit;

namespace SvDecode.Eval.Tests.Support;

/// <summary>
/// A fact that reproduces the committed nightly baseline, which LibTorch computed with its AVX2 kernels
/// (docs/nightly.md): on a CPU without AVX2 (an ARM machine, an old x86) the bits cannot match, so it is skipped there.
/// </summary>
public sealed class Avx2FactAttribute : FactAttribute
{
    public Avx2FactAttribute()
    {
        if (!Avx2.IsSupported)
        {
            Skip = "the nightly baseline is computed with LibTorch's AVX2 kernels, and this CPU has no AVX2";
        }
    }
}

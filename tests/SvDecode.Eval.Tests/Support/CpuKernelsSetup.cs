using System.Runtime.CompilerServices;
using SvDecode.Eval.LibTorch;

namespace SvDecode.Eval.Tests.Support;

/// <summary>
/// The tests compute with the kernels the tool computes with: oneMKL caches its choice of kernels on the first product,
/// so whether a test process runs the fast paths on AMD must not depend on which test happens to multiply first.
/// </summary>
internal static class CpuKernelsSetup
{
    [ModuleInitializer]
    internal static void Apply() => MklVendorCheck.EnsureApplied();
}

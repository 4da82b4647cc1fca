using SvDecode.Eval.Platform;
using SvDecode.Eval.Tests.Support;
using Xunit;

namespace SvDecode.Eval.Tests.Platform;

/// <summary>The bench's per-measurement peaks rely on VmHWM following allocations and on resetting it (Linux).</summary>
[Collection(ProcessMemoryCollection.Name)]
public sealed class ResidentMemoryTests
{
    private const long MiB = 1024 * 1024;

    [Fact]
    public void PeakCoversATouchedAllocationAndResetBringsItBackToTheCurrentSize()
    {
        Assert.True(ResidentMemory.TryResetPeak());
        var before = ResidentMemory.CurrentBytes;
        var block = new byte[128 * MiB];
        for (var i = 0; i < block.Length; i += 4096)
        {
            block[i] = 1; // touch every page so it becomes resident
        }
        Assert.True(ResidentMemory.PeakBytes >= before + 120 * MiB, $"peak {ResidentMemory.PeakBytes / MiB} MiB, before {before / MiB} MiB");
        GC.KeepAlive(block);

        Assert.True(ResidentMemory.TryResetPeak());
        // The peak restarts at the current size (the collection keeps other tests from allocating meanwhile).
        Assert.InRange(ResidentMemory.PeakBytes, ResidentMemory.CurrentBytes - 64 * MiB, ResidentMemory.CurrentBytes + 64 * MiB);
    }
}

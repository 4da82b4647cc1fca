using SvDecode.Eval.Engine;
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

    [Fact]
    public void AWindowOverlappedByAnotherResetReportsNoPeakAndTheLaterWindowKeepsItsOwn()
    {
        var first = Assert.IsType<PeakWindow>(PeakWindow.Open());
        Assert.NotNull(first.PeakBytes());

        var second = Assert.IsType<PeakWindow>(PeakWindow.Open());

        Assert.False(first.HasPeakToItself);
        Assert.Null(first.PeakBytes());
        Assert.True(second.HasPeakToItself);
        Assert.True(second.PeakBytes() >= second.StartBytes);
    }

    [Fact]
    public void AStageOverlappedByAnotherMeasurementHasNoPeakStartOrKvFigure()
    {
        var stage = StageMemory.Begin();
        Assert.NotNull(stage.PeakBytes());
        Assert.NotNull(stage.PeakKvCacheBytes());

        Assert.True(ResidentMemory.TryResetPeak()); // another run hosted in the same process starts a stage

        Assert.Null(stage.PeakBytes());
        Assert.Null(stage.PeakKvCacheBytes());
    }
}

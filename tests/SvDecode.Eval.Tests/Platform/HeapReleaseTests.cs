using SvDecode.Eval.Decoding;
using SvDecode.Eval.Platform;
using SvDecode.Eval.Tests.Support;
using SvDecode.Eval.Training;
using TorchSharp;
using TorchSharp.Modules;
using Xunit;
using static TorchSharp.torch;

namespace SvDecode.Eval.Tests.Platform;

/// <summary>
/// Where a forward's freed activations go back to the kernel before the next allocation-heavy phase: before the first
/// chunk of full-vocabulary logits, and between a training step's forward and its backward. Each test leaves ~96 MiB
/// of freed heap behind the way a forward does (blocks under the mmap threshold, below a live one, so glibc cannot trim
/// them by itself) and reads resident memory where the next phase starts. Alone in the process-memory collection:
/// resident memory is process-wide.
/// </summary>
[Collection(ProcessMemoryCollection.Name)]
public sealed class HeapReleaseTests
{
    private const long MiB = 1024 * 1024;
    private const int Blocks = 6;
    private const long BlockBytes = 16 * MiB; // under NativeHeap's 32 MiB mmap threshold: served by the heap

    [GlibcHeapFact]
    public void FreedActivationsGoBackBeforeTheFirstLogitChunk()
    {
        NativeHeap.ReleaseFreePages();
        var before = ResidentMemory.CurrentBytes;
        using var pin = LeaveFreedHeapBehind();
        var held = ResidentMemory.CurrentBytes;
        Assert.True(held - before >= 64 * MiB, $"the freed blocks stayed resident: +{(held - before) / MiB} MiB (else the test proves nothing)");

        using var chunks = LogitChunks.Ranges(count: 20, rows: 8).GetEnumerator();
        Assert.True(chunks.MoveNext());

        var atFirstChunk = ResidentMemory.CurrentBytes;
        Assert.True(atFirstChunk - before < 32 * MiB,
            $"at the first chunk {(atFirstChunk - before) / MiB} MiB of the {(held - before) / MiB} MiB freed before it are still resident");
    }

    [GlibcHeapFact]
    public void FreedForwardActivationsGoBackBeforeBackward()
    {
        NativeHeap.ReleaseFreePages();
        var before = ResidentMemory.CurrentBytes;
        long? atBackward = null;
        long held = 0;
        Tensor? pin = null;
        using var weight = new Parameter(ones(4));
        TrainingLoop.Run([weight], exampleCount: 1, _ =>
        {
            pin = LeaveFreedHeapBehind();                  // the forward's activations, freed as its layers return
            held = ResidentMemory.CurrentBytes;
            var loss = ResidentAtBackward.apply(weight, (Action<long>)(rss => atBackward = rss)).sum();
            return new BatchLoss(loss, Tokens: 1);
        }, new TrainingOptions { MaxSteps = 1, LearningRate = 1e-3 });
        pin?.Dispose();

        Assert.True(held - before >= 64 * MiB, $"the freed blocks stayed resident: +{(held - before) / MiB} MiB (else the test proves nothing)");
        Assert.NotNull(atBackward);
        Assert.True(atBackward - before < 32 * MiB,
            $"when backward ran {(atBackward - before) / MiB} MiB of the {(held - before) / MiB} MiB the forward freed were still resident");
    }

    /// <summary>Allocates and touches <see cref="Blocks"/> heap blocks, then one small tensor after them, and frees the
    /// blocks: the freed pages sit below a live allocation, where only an explicit release returns them. Returns the
    /// small tensor, which the caller keeps alive until it has read resident memory.</summary>
    private static Tensor LeaveFreedHeapBehind()
    {
        var blocks = Enumerable.Range(0, Blocks).Select(_ => ones(BlockBytes / sizeof(float))).ToList(); // written: resident
        var pin = ones(1024);
        blocks.ForEach(b => b.Dispose());
        return pin;
    }

    /// <summary>Identity in the forward; its backward reports resident memory at the moment backward reaches it.</summary>
    private sealed class ResidentAtBackward : autograd.SingleTensorFunction<ResidentAtBackward>
    {
        public override string Name => nameof(ResidentAtBackward);

        public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
        {
            ctx.save_data("report", vars[1]);
            return ((Tensor)vars[0]).clone();
        }

        public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor gradOutput)
        {
            ((Action<long>)ctx.get_data("report"))(ResidentMemory.CurrentBytes);
            return [gradOutput.clone(), null!];
        }
    }
}

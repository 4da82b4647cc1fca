using SvDecode.Eval.Scoring;
using SvDecode.Eval.Tests.Progress;
using Xunit;

namespace SvDecode.Eval.Tests.Scoring;

public sealed class ItemProgressTests
{
    [Fact]
    public void AnItemCountsOnceEveryOneOfItsRequestsIsDone()
    {
        var step = (RecordingProgress.Step)new RecordingProgress().Start("score", 3);
        // Items of 2, 3 and 1 requests: requests 0-1, 2-4, 5. Batches finish them out of item order.
        var progress = new ItemProgress(step, [2, 3, 1]);

        progress.Finished([0, 2, 5]);
        Assert.Equal(1, step.Done);           // only item 2 (request 5) is complete
        progress.Finished([1, 3]);
        Assert.Equal(2, step.Done);           // item 0 now complete; item 1 still waits for request 4
        progress.Finished([4]);
        Assert.Equal(3, step.Done);
    }
}

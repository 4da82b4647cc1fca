using SvDecode.Eval.Training;
using Xunit;
using static TorchSharp.torch;

namespace SvDecode.Eval.Tests.Training;

public sealed class AnswerLossTests
{
    [Fact]
    public void OnlyAnswerPositionsCountAndEachPredictsTheNextToken()
    {
        // One row of 4 positions over a 3-token vocabulary; labels mark positions 2 and 3 as the answer.
        float[][] rows = [[0.5f, 1f, -1f], [2f, 0f, 0f], [0f, 3f, 1f], [9f, 9f, 9f]];
        using var logits = tensor(rows.SelectMany(r => r).ToArray(), [1, 4, 3]);
        using var labels = tensor(new long[] { AnswerLoss.Ignore, AnswerLoss.Ignore, 0, 2 }, [1, 4]);

        using var loss = AnswerLoss.Compute(logits, labels, head: h => h); // the "hidden states" are the logits here

        // Position 1 predicts label 0, position 2 predicts label 2; position 0's target is ignored, position 3 predicts nothing.
        static double Nll(float[] row, int target) => Math.Log(row.Sum(v => Math.Exp(v))) - row[target];
        var expected = (Nll(rows[1], 0) + Nll(rows[2], 2)) / 2;
        Assert.Equal(expected, loss.item<float>(), 5);
    }

    [Fact]
    public void BatchesAreRightPaddedWithIgnoredLabels()
    {
        var batch = TrainingBatch.From([new EncodedExample([1, 5, 6, 7], 2, false), new EncodedExample([1, 8, 9], 1, false)], CPU);
        Assert.Equal(new long[] { 1, 5, 6, 7, 1, 8, 9, 0 }, batch.Ids.data<long>().ToArray());
        Assert.Equal(new long[] { 1, 1, 1, 1, 1, 1, 1, 0 }, batch.Mask.data<long>().ToArray());
        Assert.Equal(new long[] { -100, -100, 6, 7, -100, 8, 9, -100 }, batch.Labels.data<long>().ToArray());
        Assert.Equal(4, batch.AnswerTokens);
    }
}

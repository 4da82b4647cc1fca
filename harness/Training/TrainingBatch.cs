using static TorchSharp.torch;

namespace SvDecode.Eval.Training;

/// <summary>Right-padded ids, mask and labels (B, T) for encoded examples; labels hold answer ids, else −100.</summary>
public sealed record TrainingBatch(Tensor Ids, Tensor Mask, Tensor Labels, long AnswerTokens)
{
    /// <summary>Real tokens in the batch (prompt and answer, no padding).</summary>
    public long InputTokens { get; init; }

    public static TrainingBatch From(IReadOnlyList<EncodedExample> examples, Device device)
    {
        var t = examples.Max(e => e.Ids.Count);
        var ids = new long[examples.Count * t];
        var mask = new long[examples.Count * t];
        var labels = Enumerable.Repeat(AnswerLoss.Ignore, examples.Count * t).ToArray();
        long answer = 0;
        for (var r = 0; r < examples.Count; r++)
        {
            var e = examples[r];
            for (var i = 0; i < e.Ids.Count; i++)
            {
                ids[r * t + i] = e.Ids[i];
                mask[r * t + i] = 1;
                if (i >= e.AnswerStart)
                {
                    labels[r * t + i] = e.Ids[i];
                }
            }
            answer += e.AnswerTokens;
        }
        long[] shape = [examples.Count, t];
        return new TrainingBatch(tensor(ids, shape, device: device), tensor(mask, shape, device: device), tensor(labels, shape, device: device), answer)
        {
            InputTokens = examples.Sum(e => (long)e.Ids.Count),
        };
    }
}

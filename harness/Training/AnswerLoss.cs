using static TorchSharp.torch;

namespace SvDecode.Eval.Training;

/// <summary>Mean next-token cross-entropy over answer tokens only (prompt and padding positions are ignored).</summary>
public static class AnswerLoss
{
    /// <summary>The label of positions that do not count (transformers' -100).</summary>
    public const long Ignore = -100;

    /// <summary>logits (B, T, V), labels (B, T) with <see cref="Ignore"/> at prompt and pad positions → scalar.</summary>
    public static Tensor Compute(Tensor logits, Tensor labels)
    {
        using var scope = NewDisposeScope();
        var (b, t, v) = (logits.shape[0], logits.shape[1], logits.shape[2]);
        var predicted = logits.narrow(1, 0, t - 1).reshape(b * (t - 1), v).to(ScalarType.Float32); // position i predicts i+1
        var targets = labels.narrow(1, 1, t - 1).reshape(b * (t - 1));                              // (B·(T−1))
        return nn.functional.cross_entropy(predicted, targets, ignore_index: Ignore).MoveToOuterDisposeScope();
    }
}

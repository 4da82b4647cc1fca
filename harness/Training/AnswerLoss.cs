using static TorchSharp.torch;

namespace SvDecode.Eval.Training;

/// <summary>
/// Mean next-token cross-entropy over answer tokens only (prompt and padding positions are ignored). The LM head runs
/// on the answer positions alone, so a 152K-token vocabulary costs (answer tokens, V), not (B, T, V), in the forward
/// and in the backward.
/// </summary>
public static class AnswerLoss
{
    /// <summary>The label of positions that do not count (transformers' -100).</summary>
    public const long Ignore = -100;

    /// <summary>
    /// hidden (B, T, C) with autograd, labels (B, T) with <see cref="Ignore"/> at prompt and pad positions, and the head
    /// (M, C) → (M, V) → scalar loss in float32 (whatever the model's dtype).
    /// </summary>
    public static Tensor Compute(Tensor hidden, Tensor labels, Func<Tensor, Tensor> head)
    {
        using var scope = NewDisposeScope();
        var t = hidden.shape[1];
        var targets = labels.narrow(1, 1, t - 1);                             // (B, T−1): position i predicts i+1
        var answer = targets.ne(Ignore).nonzero();                           // (M, 2): row and position, row-major
        var (rows, positions) = (answer.select(1, 0), answer.select(1, 1));
        var logits = head(hidden.index([rows, positions])).to(ScalarType.Float32); // (M, V)
        return nn.functional.cross_entropy(logits, targets.index([rows, positions])).MoveToOuterDisposeScope();
    }
}

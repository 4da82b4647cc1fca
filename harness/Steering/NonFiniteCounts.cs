namespace SvDecode.Eval.Steering;

/// <summary>
/// How many NaN/±Inf entries were seen while building a steering vector. The paper's "!!!!" collapse is what
/// non-finite logits produce, so they are counted rather than thrown on: a caller decides what is too many.
/// </summary>
public sealed record NonFiniteCounts(long BaseLogits, long AdaptedLogits, long Delta)
{
    public static NonFiniteCounts None { get; } = new(0, 0, 0);

    public long Total => BaseLogits + AdaptedLogits + Delta;

    public bool Any => Total > 0;

    public NonFiniteCounts Add(NonFiniteCounts other) =>
        new(BaseLogits + other.BaseLogits, AdaptedLogits + other.AdaptedLogits, Delta + other.Delta);
}

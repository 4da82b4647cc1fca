namespace SvDecode.Eval.Tool.Bench;

/// <summary>
/// Seconds a <see cref="TimedPairSession"/> spent in the pair's transformer forward (prompt and teacher-forced rows,
/// base and adapted together, KV-cache reorders) and in the LM head (the logit chunks a caller asked for, both rows).
/// LibTorch's CPU kernels are synchronous, so wall time around each call is that call's cost.
/// </summary>
public sealed class PairTimes
{
    public double ForwardSeconds { get; private set; }

    public double HeadSeconds { get; private set; }

    public void AddForward(double seconds) => ForwardSeconds += seconds;

    public void AddHead(double seconds) => HeadSeconds += seconds;

    public void Reset() => (ForwardSeconds, HeadSeconds) = (0, 0);
}

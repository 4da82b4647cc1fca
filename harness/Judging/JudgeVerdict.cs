namespace SvDecode.Eval.Judging;

/// <summary>One yes/no judgement: the total log-likelihoods of the two continuations after the judge prompt.</summary>
/// <param name="LogPYes">log P(yes continuation | prompt), summed over its tokens.</param>
/// <param name="LogPNo">log P(no continuation | prompt), summed over its tokens.</param>
public sealed record JudgeVerdict(double LogPYes, double LogPNo)
{
    /// <summary>The judge says yes when P(yes) &gt; P(no) (a tie is no).</summary>
    public bool Yes => LogPYes > LogPNo;

    /// <summary>P(yes) normalised over {yes, no}: 1 / (1 + exp(log P(no) − log P(yes))).</summary>
    public double PYes => 1.0 / (1.0 + Math.Exp(LogPNo - LogPYes));
}

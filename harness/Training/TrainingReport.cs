namespace SvDecode.Eval.Training;

/// <summary>What a training run did. <see cref="Seconds"/> and <see cref="TokensPerSecond"/> are timings (not deterministic).</summary>
public sealed record TrainingReport(IReadOnlyList<TrainingStep> Steps, long Tokens, double Seconds)
{
    public double FinalLoss => Steps.Count > 0 ? Steps[^1].Loss : double.NaN;

    public double TokensPerSecond => Seconds > 0 ? Tokens / Seconds : 0;

    /// <summary>Tokens the model ran on (prompt and answer), summed over the steps.</summary>
    public long InputTokens => Steps.Sum(s => s.InputTokens);

    /// <summary>Training throughput: every token the model ran on, per second.</summary>
    public double InputTokensPerSecond => Seconds > 0 ? InputTokens / Seconds : 0;
}

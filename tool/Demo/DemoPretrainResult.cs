namespace SvDecode.Eval.Tool.Demo;

/// <summary>What a pretraining run produced: sizes, the loss curve (mean loss of each logged window) and wall time.</summary>
public sealed record DemoPretrainResult(
    string OutputFolder,
    long Parameters,
    int VocabSize,
    int CorpusPages,
    long CorpusTokens,
    int Steps,
    IReadOnlyList<DemoLossPoint> Losses,
    double Seconds)
{
    /// <summary>Mean training loss over the last logged window (nats per token).</summary>
    public double FinalLoss => Losses.Count > 0 ? Losses[^1].Loss : double.NaN;
}

/// <summary>Mean cross-entropy (nats/token) over the steps ending at <paramref name="Step"/>, and the learning rate there.</summary>
public sealed record DemoLossPoint(int Step, double Loss, double LearningRate);

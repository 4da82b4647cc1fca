using SvDecode.Eval.Decoding;
using SvDecode.Eval.Progress;
using SvDecode.Eval.Steering;

namespace SvDecode.Eval.Calibration;

/// <summary>
/// Per-token μ*_t over the answer tokens of calibration examples (method.md §3): base and adapted models are
/// teacher-forced on prompt + gold target in one right-padded batch; the logits at the positions predicting each
/// target token go to <see cref="StrengthSolver"/>; <see cref="StrengthReportBuilder"/> makes μ̄.
/// </summary>
public sealed class StrengthCalibrator(Func<IPairedLogitsSession> openPair, int batchSize = 8)
{
    public StrengthCalibrator(ILogitsSessionFactory baseSessions, ILogitsSessionFactory adaptedSessions, int batchSize = 8)
        : this(() => new LockStepPairSession(baseSessions.Open(), adaptedSessions.Open()), batchSize)
    {
    }

    /// <summary>μ*_t for every target token of every example, in order (examples, then tokens).</summary>
    public IReadOnlyList<TokenStrength> Solve(IReadOnlyList<CalibrationExample> examples, StrengthSolverOptions options, CancellationToken cancellationToken = default) =>
        Solve(examples, options, null, cancellationToken);

    /// <summary>As <see cref="Solve(IReadOnlyList{CalibrationExample}, StrengthSolverOptions, CancellationToken)"/>,
    /// counting each batch's examples on <paramref name="progress"/> when given.</summary>
    public IReadOnlyList<TokenStrength> Solve(IReadOnlyList<CalibrationExample> examples, StrengthSolverOptions options, IProgressTask? progress, CancellationToken cancellationToken = default)
    {
        if (batchSize < 1)
        {
            throw new InvalidOperationException($"The calibration batch size must be at least 1, not {batchSize}.");
        }
        options.Validate();
        var tokens = new List<TokenStrength>();
        using var pair = openPair();
        foreach (var chunk in examples.Chunk(batchSize))
        {
            cancellationToken.ThrowIfCancellationRequested();
            tokens.AddRange(SolveBatch(pair, chunk, options));
            progress?.Increment(chunk.Length);
            Platform.NativeHeap.ReleaseFreePages();
        }
        return tokens;
    }

    /// <summary>Solve and aggregate: the <see cref="StrengthReport"/> of the examples.</summary>
    public StrengthReport Calibrate(IReadOnlyList<CalibrationExample> examples, StrengthSolverOptions options, StrengthAggregation aggregation, CancellationToken cancellationToken = default) =>
        StrengthReportBuilder.Report(Solve(examples, options, cancellationToken), aggregation, options.Epsilon);

    private static List<TokenStrength> SolveBatch(IPairedLogitsSession pair, CalibrationExample[] batch, StrengthSolverOptions options)
    {
        var tokens = new List<TokenStrength>();
        AnswerPositionLogits.ForEachChunk(pair, batch, (zTheta, zPhi, targets) => tokens.AddRange(StrengthSolver.Solve(zTheta, zPhi, targets, options))); // (N, V) each
        return tokens;
    }
}

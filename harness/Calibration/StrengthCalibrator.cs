using SvDecode.Eval.Decoding;
using SvDecode.Eval.Steering;
using static TorchSharp.torch;

namespace SvDecode.Eval.Calibration;

/// <summary>
/// Per-token μ*_t over the answer tokens of calibration examples (method.md §3): base and adapted models are
/// teacher-forced on prompt + gold target in one right-padded batch; the logits at the positions predicting each
/// target token go to <see cref="StrengthSolver"/>; <see cref="StrengthAggregator"/> makes μ̄.
/// </summary>
public sealed class StrengthCalibrator(Func<IPairedLogitsSession> openPair, int batchSize = 8)
{
    public StrengthCalibrator(ILogitsSessionFactory baseSessions, ILogitsSessionFactory adaptedSessions, int batchSize = 8)
        : this(() => new LockStepPairSession(baseSessions.Open(), adaptedSessions.Open()), batchSize)
    {
    }

    /// <summary>μ*_t for every target token of every example, in order (examples, then tokens).</summary>
    public IReadOnlyList<TokenStrength> Solve(IReadOnlyList<CalibrationExample> examples, StrengthSolverOptions options, CancellationToken cancellationToken = default)
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
        }
        return tokens;
    }

    /// <summary>Solve and aggregate: the <see cref="StrengthReport"/> of the examples.</summary>
    public StrengthReport Calibrate(IReadOnlyList<CalibrationExample> examples, StrengthSolverOptions options, StrengthAggregation aggregation, CancellationToken cancellationToken = default) =>
        StrengthAggregator.Report(Solve(examples, options, cancellationToken), aggregation, options.Epsilon);

    private static IReadOnlyList<TokenStrength> SolveBatch(IPairedLogitsSession pair, CalibrationExample[] batch, StrengthSolverOptions options)
    {
        if (batch.Any(e => e.PromptIds.Count == 0 || e.TargetIds.Count == 0))
        {
            throw new InputException("A calibration example needs at least one prompt token and one target token.");
        }
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var sequences = batch.Select(e => (IReadOnlyList<int>)[.. e.PromptIds, .. e.TargetIds]).ToList();
        var (ids, mask) = PromptBatch.RightPadded(sequences);                              // (B, T)
        var (zTheta, zPhi) = pair.Prefill(ids, mask);                                      // (B, T, V) each
        // Row b's target j is predicted at position |prompt_b| − 1 + j.
        var rows = new List<long>();
        var positions = new List<long>();
        for (var b = 0; b < batch.Length; b++)
        {
            for (var j = 0; j < batch[b].TargetIds.Count; j++)
            {
                rows.Add(b);
                positions.Add(batch[b].PromptIds.Count - 1 + j);
            }
        }
        var rowIndex = tensor(rows.ToArray(), device: zPhi.device);
        var positionIndex = tensor(positions.ToArray(), device: zPhi.device);
        var baseAtTargets = zTheta.index([rowIndex, positionIndex]);                      // (N, V)
        var adaptedAtTargets = zPhi.index([rowIndex, positionIndex]);                     // (N, V)
        var targets = batch.SelectMany(e => e.TargetIds.Select(t => (long)t)).ToArray();
        return StrengthSolver.Solve(baseAtTargets, adaptedAtTargets, targets, options);
    }
}

namespace SvDecode.Eval.Steering;

/// <summary>
/// Running totals over every real (non-pad) position a steered session produced: how much of the vocabulary the
/// confidence mask kept, at how many positions it kept two tokens or more (where steering can reorder candidates
/// rather than only move the top token's logit), the mean KL(p_φ ‖ p_θ), and how many positions had a non-finite
/// base or adapted logit or steering value. Thread-safe; shared by every session a <see cref="SteeredSessionFactory"/> opens.
/// </summary>
public sealed class SteeringDiagnostics
{
    private readonly Lock _gate = new();
    private long _positions;
    private long _kept;
    private long _multiKept;
    private long _nonFinite;
    private double _klSum;
    private long _klCount;

    public SteeringDiagnostics(int vocabSize) => VocabSize = vocabSize;

    public int VocabSize { get; }

    /// <summary>Real positions steered so far.</summary>
    public long Positions { get { lock (_gate) { return _positions; } } }

    /// <summary>Positions with a NaN/±Inf in z_θ, z_φ or δ.</summary>
    public long NonFinitePositions { get { lock (_gate) { return _nonFinite; } } }

    /// <summary>Kept tokens summed over positions.</summary>
    public long KeptTokens { get { lock (_gate) { return _kept; } } }

    /// <summary>Positions whose mask kept at least two tokens.</summary>
    public long MultiKeptPositions { get { lock (_gate) { return _multiKept; } } }

    /// <summary>Share of positions whose mask kept at least two tokens (NaN before any position).</summary>
    public double MultiKeptShare { get { lock (_gate) { return _positions == 0 ? double.NaN : _multiKept / (double)_positions; } } }

    /// <summary>Mean fraction of the vocabulary the mask kept per position (NaN before any position).</summary>
    public double KeptFraction { get { lock (_gate) { return _positions == 0 ? double.NaN : _kept / ((double)_positions * VocabSize); } } }

    /// <summary>Mean number of kept tokens per position.</summary>
    public double MeanKeptCount { get { lock (_gate) { return _positions == 0 ? double.NaN : _kept / (double)_positions; } } }

    /// <summary>Mean KL(p_φ ‖ p_θ) over positions whose KL was finite.</summary>
    public double MeanKl { get { lock (_gate) { return _klCount == 0 ? double.NaN : _klSum / _klCount; } } }

    public double NonFiniteFraction { get { lock (_gate) { return _positions == 0 ? 0 : _nonFinite / (double)_positions; } } }

    public void Record(long positions, long kept, long multiKeptPositions, long nonFinitePositions, double klSum, long klCount)
    {
        lock (_gate)
        {
            _positions += positions;
            _kept += kept;
            _multiKept += multiKeptPositions;
            _nonFinite += nonFinitePositions;
            _klSum += klSum;
            _klCount += klCount;
        }
    }

    /// <summary>Throws when more than <paramref name="maxFraction"/> of the steered positions were non-finite: the
    /// paper's "!!!!" collapse, usually fp16 overflow or a broken adapter. <paramref name="what"/> names the run part.</summary>
    public void ThrowIfTooManyNonFinite(double maxFraction, string what)
    {
        lock (_gate)
        {
            if (_positions > 0 && _nonFinite / (double)_positions > maxFraction)
            {
                throw new InvalidOperationException(
                    $"{what}: {_nonFinite} of {_positions} steered positions ({_nonFinite / (double)_positions:P2}) had non-finite logits or " +
                    $"steering values, above steering.max_non_finite_fraction = {maxFraction}. Run the model in float32, or check the adapter.");
            }
        }
    }
}

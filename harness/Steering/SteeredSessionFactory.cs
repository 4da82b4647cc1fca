using SvDecode.Eval.Decoding;

namespace SvDecode.Eval.Steering;

/// <summary>
/// Opens steered sessions over a (base, adapted) pair at one strength μ: the decorated <see cref="ILogitsSessionFactory"/>
/// that generation (<see cref="TokenGenerator"/>) and scoring (<c>SessionLanguageModel</c>) run on. Every session it
/// opens adds to one <see cref="Diagnostics"/>.
/// </summary>
public sealed class SteeredSessionFactory : ILogitsSessionFactory
{
    private readonly Func<IPairedLogitsSession> _openPair;

    /// <summary>Steering over any pair source (e.g. a batched base+adapted forward).</summary>
    public SteeredSessionFactory(Func<IPairedLogitsSession> openPair, int vocabSize, double mu, SteeringOptions options)
    {
        if (!double.IsFinite(mu))
        {
            throw new InputException($"steering strength mu = {mu} must be a finite number (a failed calibration gives NaN).");
        }
        _openPair = openPair;
        VocabSize = vocabSize;
        Mu = mu;
        Options = options.Validate();
        Diagnostics = new SteeringDiagnostics(vocabSize);
    }

    /// <summary>Steering over two session factories run one after the other (works for every PEFT method).</summary>
    public SteeredSessionFactory(ILogitsSessionFactory baseSessions, ILogitsSessionFactory adaptedSessions, double mu, SteeringOptions options)
        : this(() => new LockStepPairSession(baseSessions.Open(), adaptedSessions.Open()), CheckVocabulary(baseSessions, adaptedSessions), mu, options)
    {
    }

    public int VocabSize { get; }

    public double Mu { get; }

    public SteeringOptions Options { get; }

    public SteeringDiagnostics Diagnostics { get; }

    public ILogitsSession Open() => new SteeredLogitsSession(_openPair(), Mu, Options, Diagnostics);

    /// <summary>The same pair at another strength or mask mode (e.g. hard for generation, soft for scoring), with its own diagnostics.</summary>
    public SteeredSessionFactory With(double mu, SteeringOptions options) => new(_openPair, VocabSize, mu, options);

    private static int CheckVocabulary(ILogitsSessionFactory baseSessions, ILogitsSessionFactory adaptedSessions) =>
        baseSessions.VocabSize == adaptedSessions.VocabSize
            ? adaptedSessions.VocabSize
            : throw new ArgumentException($"Base ({baseSessions.VocabSize}) and adapted ({adaptedSessions.VocabSize}) vocabularies differ; steering needs one vocabulary.");
}

using SvDecode.Eval.Decoding;

namespace SvDecode.Eval.Steering;

/// <summary>
/// Opens steered sessions over a (base, adapted) pair with one decoding method (<see cref="IPairLogitsTransform"/>;
/// SVDecode at one strength μ, or a baseline): the decorated <see cref="ILogitsSessionFactory"/>
/// that generation (<see cref="TokenGenerator"/>) and scoring (<c>SessionLanguageModel</c>) run on. Every session it
/// opens adds to one <see cref="Diagnostics"/>.
/// </summary>
public sealed class SteeredSessionFactory : ILogitsSessionFactory
{
    private readonly Func<IPairedLogitsSession> _openPair;

    /// <summary>A decoding method over any pair source (e.g. a batched base+adapted forward).</summary>
    public SteeredSessionFactory(Func<IPairedLogitsSession> openPair, int vocabSize, IPairLogitsTransform transform)
    {
        _openPair = openPair;
        VocabSize = vocabSize;
        Transform = transform;
        Diagnostics = new SteeringDiagnostics(vocabSize);
    }

    /// <summary>SVDecode over any pair source (e.g. a batched base+adapted forward).</summary>
    public SteeredSessionFactory(Func<IPairedLogitsSession> openPair, int vocabSize, double mu, SteeringOptions options)
        : this(openPair, vocabSize, SvDecode(mu, options))
    {
    }

    /// <summary>Steering over two session factories run one after the other (works for every PEFT method).</summary>
    public SteeredSessionFactory(ILogitsSessionFactory baseSessions, ILogitsSessionFactory adaptedSessions, double mu, SteeringOptions options)
        : this(() => new LockStepPairSession(baseSessions.Open(), adaptedSessions.Open()), CheckVocabulary(baseSessions, adaptedSessions), mu, options)
    {
    }

    public int VocabSize { get; }

    public IPairLogitsTransform Transform { get; }

    public SteeringDiagnostics Diagnostics { get; }

    public ILogitsSession Open() => new SteeredLogitsSession(_openPair(), Transform, Diagnostics);

    /// <summary>The same pair with another transform (e.g. the hard mask for generation, soft for scoring), with its own diagnostics.</summary>
    public SteeredSessionFactory With(IPairLogitsTransform transform) => new(_openPair, VocabSize, transform);

    /// <summary>The same pair with SVDecode at another strength or mask mode, with its own diagnostics.</summary>
    public SteeredSessionFactory With(double mu, SteeringOptions options) => With(SvDecode(mu, options));

    private static SvDecodeTransform SvDecode(double mu, SteeringOptions options) => double.IsFinite(mu)
        ? new SvDecodeTransform(mu, options.Validate())
        : throw new InputException($"steering strength mu = {mu} must be a finite number (a failed calibration gives NaN).");

    private static int CheckVocabulary(ILogitsSessionFactory baseSessions, ILogitsSessionFactory adaptedSessions) =>
        baseSessions.VocabSize == adaptedSessions.VocabSize
            ? adaptedSessions.VocabSize
            : throw new ArgumentException($"Base ({baseSessions.VocabSize}) and adapted ({adaptedSessions.VocabSize}) vocabularies differ; steering needs one vocabulary.");
}

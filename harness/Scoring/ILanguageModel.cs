using SvDecode.Eval.Decoding;

namespace SvDecode.Eval.Scoring;

/// <summary>
/// The one interface every benchmark scores through (after lm-evaluation-harness): log-likelihood of continuations and
/// generation until a stop condition. Results come back in request order.
/// </summary>
public interface ILanguageModel
{
    int VocabSize { get; }

    IReadOnlyList<LogLikelihoodResult> LogLikelihood(IReadOnlyList<LogLikelihoodRequest> requests, CancellationToken cancellationToken = default);

    IReadOnlyList<GenerationResult> Generate(IReadOnlyList<GenerationRequest> requests, CancellationToken cancellationToken = default);
}

using SvDecode.Eval.Decoding;

namespace SvDecode.Eval.Scoring;

/// <summary>
/// The one interface every benchmark scores through (after lm-evaluation-harness): log-likelihood of continuations and
/// generation until a stop condition. Results come back in request order. The overloads with <c>finished</c> also
/// report the indices of the requests each batch completed (progress); a model that does not batch reports them all
/// at the end.
/// </summary>
public interface ILanguageModel
{
    int VocabSize { get; }

    IReadOnlyList<LogLikelihoodResult> LogLikelihood(IReadOnlyList<LogLikelihoodRequest> requests, CancellationToken cancellationToken = default);

    IReadOnlyList<GenerationResult> Generate(IReadOnlyList<GenerationRequest> requests, CancellationToken cancellationToken = default);

    IReadOnlyList<LogLikelihoodResult> LogLikelihood(IReadOnlyList<LogLikelihoodRequest> requests, Action<IReadOnlyList<int>>? finished, CancellationToken cancellationToken = default)
    {
        var results = LogLikelihood(requests, cancellationToken);
        finished?.Invoke([.. Enumerable.Range(0, requests.Count)]);
        return results;
    }

    IReadOnlyList<GenerationResult> Generate(IReadOnlyList<GenerationRequest> requests, Action<IReadOnlyList<int>>? finished, CancellationToken cancellationToken = default)
    {
        var results = Generate(requests, cancellationToken);
        finished?.Invoke([.. Enumerable.Range(0, requests.Count)]);
        return results;
    }
}

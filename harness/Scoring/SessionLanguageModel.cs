using SvDecode.Eval.Decoding;
using static TorchSharp.torch;

namespace SvDecode.Eval.Scoring;

/// <summary>
/// <see cref="ILanguageModel"/> over any <see cref="ILogitsSessionFactory"/> (a plain model, or a steered pair).
/// Log-likelihood: requests sharing a context are scored together — the context is run once, its KV state fanned out
/// to the continuations, which are then teacher-forced as one right-padded batch.
/// Generation: requests with equal options run as left-padded batches of up to <paramref name="maxBatchSize"/>.
/// </summary>
public sealed class SessionLanguageModel(
    ILogitsSessionFactory sessions,
    Func<IReadOnlyList<int>, string>? decode = null,
    int maxBatchSize = 16) : ILanguageModel
{
    public int VocabSize => sessions.VocabSize;

    public IReadOnlyList<LogLikelihoodResult> LogLikelihood(IReadOnlyList<LogLikelihoodRequest> requests, CancellationToken cancellationToken = default)
    {
        var results = new LogLikelihoodResult[requests.Count];
        using var session = sessions.Open();
        var groups = Enumerable.Range(0, requests.Count).GroupBy(i => string.Join(",", requests[i].ContextIds));
        foreach (var group in groups)
        {
            foreach (var chunk in group.Chunk(maxBatchSize))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var scored = ScoreSharedContext(session, requests[chunk[0]].ContextIds, chunk.Select(i => requests[i].ContinuationIds).ToList());
                for (var j = 0; j < chunk.Length; j++)
                {
                    results[chunk[j]] = scored[j];
                }
            }
        }
        return results;
    }

    /// <summary>One context, n continuations: log p(cont[j] | ctx + cont[..j]).</summary>
    private static List<LogLikelihoodResult> ScoreSharedContext(ILogitsSession session, IReadOnlyList<int> context, IReadOnlyList<IReadOnlyList<int>> continuations)
    {
        if (context.Count == 0)
        {
            throw new ArgumentException("A log-likelihood context needs at least one token (prepend BOS/EOS for an empty one).", nameof(context));
        }
        using var scope = NewDisposeScope();
        var n = continuations.Count;
        var first = session.Start([context]);                                        // (1, V): predicts cont[0]
        session.Reorder(zeros(n, dtype: ScalarType.Int64, device: first.device));
        var (ids, mask) = PromptBatch.RightPadded(continuations, first.device);      // (n, L)
        var after = session.Extend(ids, mask);                                       // (n, L, V)
        var predicting = cat([first.expand(n, 1, -1), after.narrow(1, 0, after.shape[1] - 1)], 1); // (n, L, V): row j predicts cont[j]
        var logProbs = predicting.to(ScalarType.Float64).log_softmax(-1);
        var picked = logProbs.gather(2, ids.unsqueeze(2)).squeeze(2).cpu();         // (n, L)
        var greedy = predicting.argmax(-1).eq(ids).cpu();                            // (n, L)
        var width = (int)ids.shape[1];
        var values = picked.data<double>().ToArray();
        var hits = greedy.data<bool>().ToArray();

        var results = new List<LogLikelihoodResult>(n);
        for (var i = 0; i < n; i++)
        {
            var count = continuations[i].Count;
            var tokens = values.Skip(i * width).Take(count).ToList();
            results.Add(new LogLikelihoodResult(tokens, tokens.Sum(), hits.Skip(i * width).Take(count).All(h => h)));
        }
        return results;
    }

    public IReadOnlyList<GenerationResult> Generate(IReadOnlyList<GenerationRequest> requests, CancellationToken cancellationToken = default)
    {
        var results = new GenerationResult[requests.Count];
        using var session = sessions.Open();
        foreach (var group in Enumerable.Range(0, requests.Count).GroupBy(i => requests[i].Options))
        {
            foreach (var chunk in group.Chunk(maxBatchSize))
            {
                var generated = TokenGenerator.Generate(session, chunk.Select(i => requests[i].PromptIds).ToList(), group.Key, decode, cancellationToken);
                for (var j = 0; j < chunk.Length; j++)
                {
                    results[chunk[j]] = generated[j];
                }
            }
        }
        return results;
    }
}

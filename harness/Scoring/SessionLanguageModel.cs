using SvDecode.Eval.Decoding;
using static TorchSharp.torch;

namespace SvDecode.Eval.Scoring;

/// <summary>
/// <see cref="ILanguageModel"/> over any <see cref="ILogitsSessionFactory"/> (a plain model, or a steered pair).
/// Log-likelihood: batches of up to <paramref name="maxBatchSize"/> continuations; each distinct context in a batch is
/// run once (contexts left-padded together), its KV state fanned out to its continuations, which are then
/// teacher-forced as one right-padded batch.
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
        // Requests sharing a context form a group; a batch holds whole groups (or one large group's slice) so that
        // each distinct context is run once per batch.
        var groups = Enumerable.Range(0, requests.Count)
            .GroupBy(i => string.Join(",", requests[i].ContextIds))
            .SelectMany(g => g.Chunk(maxBatchSize))
            .ToList();
        var batch = new List<int[]>();
        foreach (var group in groups)
        {
            if (batch.Sum(g => g.Length) + group.Length > maxBatchSize)
            {
                Score(session, requests, batch, results, cancellationToken);
                batch.Clear();
            }
            batch.Add(group);
        }
        Score(session, requests, batch, results, cancellationToken);
        return results;
    }

    /// <summary>
    /// One batch: the distinct contexts run left-padded together, their KV state is fanned out to one row per request
    /// (Reorder), and the continuations are teacher-forced right-padded. log p(cont[j] | ctx + cont[..j]).
    /// </summary>
    private static void Score(ILogitsSession session, IReadOnlyList<LogLikelihoodRequest> requests, List<int[]> groups, LogLikelihoodResult[] results, CancellationToken cancellationToken)
    {
        if (groups.Count == 0)
        {
            return;
        }
        cancellationToken.ThrowIfCancellationRequested();
        var contexts = groups.Select(g => requests[g[0]].ContextIds).ToList();
        if (contexts.Any(c => c.Count == 0))
        {
            throw new ArgumentException("A log-likelihood context needs at least one token (prepend BOS/EOS for an empty one).", nameof(requests));
        }
        var order = groups.SelectMany(g => g).ToArray();                               // request index of each row
        var groupOfRow = groups.SelectMany((g, k) => g.Select(_ => (long)k)).ToArray();
        var continuations = order.Select(i => requests[i].ContinuationIds).ToList();

        using var scope = NewDisposeScope();
        var last = session.Start(contexts);                                            // (G, V): predicts cont[0]
        var fanOut = tensor(groupOfRow, device: last.device);
        session.Reorder(fanOut);
        var first = last.index_select(0, fanOut).unsqueeze(1);                         // (n, 1, V)
        var (ids, mask) = PromptBatch.RightPadded(continuations, last.device);         // (n, L)
        var after = session.Extend(ids, mask);                                         // (n, L, V)
        var predicting = cat([first, after.narrow(1, 0, after.shape[1] - 1)], 1);      // (n, L, V): position j predicts cont[j]
        var logProbs = predicting.to(ScalarType.Float64).log_softmax(-1);
        var picked = logProbs.gather(2, ids.unsqueeze(2)).squeeze(2).cpu();           // (n, L)
        var greedy = predicting.argmax(-1).eq(ids).cpu();                              // (n, L)
        var width = (int)ids.shape[1];
        var values = picked.data<double>().ToArray();
        var hits = greedy.data<bool>().ToArray();
        for (var row = 0; row < order.Length; row++)
        {
            var count = continuations[row].Count;
            var tokens = values.AsSpan(row * width, count).ToArray();
            results[order[row]] = new LogLikelihoodResult(tokens, tokens.Sum(), hits.AsSpan(row * width, count).IndexOf(false) < 0);
        }
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

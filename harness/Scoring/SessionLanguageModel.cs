using SvDecode.Eval.Decoding;
using SvDecode.Eval.Platform;
using static TorchSharp.torch;

namespace SvDecode.Eval.Scoring;

/// <summary>
/// <see cref="ILanguageModel"/> over any <see cref="ILogitsSessionFactory"/> (a plain model, or a steered pair).
/// Log-likelihood: batches of up to <paramref name="maxBatchSize"/> continuations; each distinct context in a batch is
/// run once (contexts left-padded together), its KV state fanned out to its continuations, which are then
/// teacher-forced as one right-padded batch; their full-vocabulary distributions are read a bounded chunk of
/// positions at a time (<see cref="LogitChunks"/>).
/// On a session with reference logits (a steered pair) every result also carries the reference (unsteered) sum of the
/// same forward. Generation: requests with equal options run as left-padded batches of up to <paramref name="maxBatchSize"/>.
/// Both report the requests each batch finished to an optional callback (progress).
/// </summary>
public sealed class SessionLanguageModel(
    ILogitsSessionFactory sessions,
    Func<IReadOnlyList<int>, string>? decode = null,
    int maxBatchSize = 16) : ILanguageModel
{
    public int VocabSize => sessions.VocabSize;

    public IReadOnlyList<LogLikelihoodResult> LogLikelihood(IReadOnlyList<LogLikelihoodRequest> requests, CancellationToken cancellationToken = default) =>
        LogLikelihood(requests, null, cancellationToken);

    public IReadOnlyList<LogLikelihoodResult> LogLikelihood(IReadOnlyList<LogLikelihoodRequest> requests, Action<IReadOnlyList<int>>? finished, CancellationToken cancellationToken = default)
    {
        var results = new LogLikelihoodResult[requests.Count];
        using var session = sessions.Open();
        if (session is IReferenceLogitsSession reference)
        {
            reference.KeepReference = true;
        }
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
                finished?.Invoke([.. batch.SelectMany(g => g)]);
                NativeHeap.ReleaseFreePages();
                batch.Clear();
            }
            batch.Add(group);
        }
        Score(session, requests, batch, results, cancellationToken);
        finished?.Invoke([.. batch.SelectMany(g => g)]);
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
        var reference = session as IReferenceLogitsSession;
        var last = session.Start(contexts);                                            // (G, V): predicts cont[0]
        using var lastReference = reference?.TakeReference();                          // (G, V) or null
        var fanOut = tensor(groupOfRow, device: last.device);
        session.Reorder(fanOut);
        var (ids, mask) = PromptBatch.RightPadded(continuations, last.device);         // (n, L)
        var logProbs = continuations.Select(c => new double[c.Count]).ToArray();
        var greedy = continuations.Select(c => new bool[c.Count]).ToArray();
        var referenceLogProbs = reference is null ? null : continuations.Select(c => new double[c.Count]).ToArray();
        var firstSlots = Enumerable.Range(0, order.Length).Select(r => (r, 0)).ToArray();
        // Read from the G context rows, never from a fanned-out (n, V) copy: n full-vocabulary float64 rows would be
        // the stage's largest tensors. Row-wise, so every value is the one the copy would give.
        Pick(last, fanOut, ids.select(1, 0), firstSlots, logProbs, greedy);
        last.Dispose();
        if (referenceLogProbs is not null)
        {
            Pick(lastReference!, fanOut, ids.select(1, 0), firstSlots, referenceLogProbs, null);
        }
        lastReference?.Dispose();
        // The later tokens' distributions (none for one-token answers), a bounded chunk of (row, slot) pairs at a time.
        var later = Enumerable.Range(0, order.Length).SelectMany(r => Enumerable.Range(1, continuations[r].Count - 1).Select(j => (r, j))).ToArray();
        using var after = later.Length > 0 ? session.Extend(ids, mask) : null;         // n × L: slot j predicts cont[j + 1]
        foreach (var (start, length) in LogitChunks.Ranges(later.Length, after?.ChunkRows ?? 1))
        {
            using var chunkScope = NewDisposeScope();
            var chunk = later.AsSpan(start, length).ToArray();
            var targets = chunk.Select(p => (long)continuations[p.r][p.j]).ToArray();
            var logits = after!.At([.. chunk.Select(p => (long)p.r)], [.. chunk.Select(p => (long)p.j - 1)]); // (N, V)
            var targetTensor = tensor(targets, device: logits.device);
            Pick(logits, targetTensor, chunk, logProbs, greedy);
            if (referenceLogProbs is not null)
            {
                using var chunkReference = reference!.TakeReference();                 // (N, V)
                Pick(chunkReference, targetTensor, chunk, referenceLogProbs, null);
            }
        }
        for (var row = 0; row < order.Length; row++)
        {
            results[order[row]] = new LogLikelihoodResult(logProbs[row], logProbs[row].Sum(), greedy[row].All(g => g))
            {
                ReferenceSum = referenceLogProbs?[row].Sum(),
            };
        }
    }

    /// <summary>log p(target) and whether it is the argmax, from logits (N, V) and targets (N), into the (row, token) slots.</summary>
    private static void Pick(Tensor logits, Tensor targets, (int Row, int Token)[] slots, double[][] logProbs, bool[][]? greedy) =>
        Pick(logits, null, targets, slots, logProbs, greedy);

    /// <summary>
    /// As above, with target k read from logits row rowOf[k] (logits (G, V), rowOf and targets (N)): the float64
    /// log-softmax is taken over the G rows only.
    /// </summary>
    private static void Pick(Tensor logits, Tensor? rowOf, Tensor targets, (int Row, int Token)[] slots, double[][] logProbs, bool[][]? greedy)
    {
        using var scope = NewDisposeScope();
        var logSoftmax = logits.to(ScalarType.Float64).log_softmax(-1);                                                      // (G, V)
        var picked = (rowOf is null ? logSoftmax.gather(1, targets.unsqueeze(1)).squeeze(1) : logSoftmax.index([rowOf, targets])).cpu().data<double>().ToArray(); // (N)
        var hits = greedy is null ? null : Argmax(logits, rowOf).eq(targets).cpu().data<bool>().ToArray();                       // (N)
        for (var k = 0; k < slots.Length; k++)
        {
            logProbs[slots[k].Row][slots[k].Token] = picked[k];
            if (greedy is not null)
            {
                greedy[slots[k].Row][slots[k].Token] = hits![k];
            }
        }
    }

    private static Tensor Argmax(Tensor logits, Tensor? rowOf) => rowOf is null ? logits.argmax(-1) : logits.argmax(-1).index_select(0, rowOf); // (N)

    public IReadOnlyList<GenerationResult> Generate(IReadOnlyList<GenerationRequest> requests, CancellationToken cancellationToken = default) =>
        Generate(requests, null, cancellationToken);

    public IReadOnlyList<GenerationResult> Generate(IReadOnlyList<GenerationRequest> requests, Action<IReadOnlyList<int>>? finished, CancellationToken cancellationToken = default)
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
                finished?.Invoke(chunk);
                NativeHeap.ReleaseFreePages();
            }
        }
        return results;
    }
}

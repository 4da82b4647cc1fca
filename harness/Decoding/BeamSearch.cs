using static TorchSharp.torch;

namespace SvDecode.Eval.Decoding;

/// <summary>
/// Beam search for one prompt: k beams share the prompt's KV state (fanned out with Reorder), each step scores
/// k × V extensions, keeps the best k unfinished ones and sets aside hypotheses ending in a stop token. The result is
/// the hypothesis with the best sum log p / length^penalty. Stops once k hypotheses are finished (early stopping).
/// Under a hard mask (or with non-finite logits) extensions can have log p = −∞ (or NaN): such a hypothesis is
/// never kept nor finished, so it can neither take a beam nor count towards the k finished ones. When no live beam
/// has a finite extension left, the search ends there and the live beams are finished as they stand
/// (<see cref="StopReason.NoFiniteToken"/>; at the first step that is the empty continuation).
/// </summary>
public static class BeamSearch
{
    public static GenerationResult Run(
        ILogitsSession session,
        IReadOnlyList<int> prompt,
        GenerationOptions options,
        Func<IReadOnlyList<int>, string>? decode,
        CancellationToken cancellationToken)
    {
        var k = Math.Max(1, options.NumBeams);
        var stop = new StopChecker(options, decode);
        var finished = new List<(List<int> Tokens, double Score, StopReason Reason)>();
        var beams = new List<(List<int> Tokens, double LogProb)> { ([], 0.0) };

        var logits = session.Start([prompt]); // (1, V)
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var candidates = TopCandidates(logits, beams, 2 * k);
                if (candidates.Count == 0)
                {
                    // No finite extension of any live beam: they end here, each with its (finite) score so far.
                    finished.AddRange(beams.Select(b => (b.Tokens, Normalised(b.LogProb, b.Tokens.Count, options), StopReason.NoFiniteToken)));
                    break;
                }
                var next = new List<(List<int> Tokens, double LogProb)>();
                var rows = new List<long>();
                foreach (var (row, token, logProb) in candidates)
                {
                    var tokens = new List<int>(beams[row].Tokens) { token };
                    var reason = stop.Check(tokens);
                    if (reason is StopReason.StopToken or StopReason.StopString)
                    {
                        finished.Add((tokens, Normalised(logProb, tokens.Count, options), reason.Value));
                    }
                    else if (next.Count < k)
                    {
                        next.Add((tokens, logProb));
                        rows.Add(row);
                    }
                    if (next.Count == k && finished.Count >= k)
                    {
                        break;
                    }
                }
                var reachedMax = next.Count > 0 && next[0].Tokens.Count >= options.MaxNewTokens;
                if (next.Count == 0 || finished.Count >= k || reachedMax)
                {
                    finished.AddRange(next.Select(n => (n.Tokens, Normalised(n.LogProb, n.Tokens.Count, options), StopReason.MaxNewTokens)));
                    break;
                }
                beams = next;
                using var selected = tensor(rows.ToArray(), device: logits.device);
                using var fed = tensor(next.Select(n => (long)n.Tokens[^1]).ToArray(), device: logits.device);
                session.Reorder(selected);
                logits.Dispose();
                logits = session.Advance(fed);
            }
        }
        finally
        {
            logits.Dispose();
        }
        var best = finished.OrderByDescending(f => f.Score).First();
        return stop.Result(best.Tokens, best.Reason);
    }

    /// <summary>sum log p / length^penalty; the empty hypothesis keeps its sum (0), not 0/0.</summary>
    private static double Normalised(double logProb, int length, GenerationOptions options) =>
        length == 0 ? logProb : logProb / Math.Pow(length, options.LengthPenalty);

    /// <summary>The best <paramref name="count"/> (beam row, token, cumulative log p) over all beams, best first, with
    /// every non-finite one (−∞ from a hard mask, NaN from broken logits) left out: possibly fewer, or none.</summary>
    private static List<(int Row, int Token, double LogProb)> TopCandidates(
        Tensor logits, List<(List<int> Tokens, double LogProb)> beams, int count)
    {
        using var scope = NewDisposeScope();
        var v = logits.shape[1];
        var logProbs = logits.to(ScalarType.Float64).log_softmax(-1);                       // (k, V)
        var beamScores = tensor(beams.Select(b => b.LogProb).ToArray(), device: logits.device).unsqueeze(1);
        var total = (logProbs + beamScores).reshape(-1);                                     // (k·V)
        total = where(total.isfinite(), total, double.NegativeInfinity);                     // NaN would rank first in topk
        var (values, indices) = total.topk((int)Math.Min(count, total.shape[0]));
        var scores = values.cpu().data<double>().ToArray();
        var flat = indices.cpu().data<long>().ToArray();
        return flat.Select((f, i) => (Row: (int)(f / v), Token: (int)(f % v), LogProb: scores[i])).Where(c => double.IsFinite(c.LogProb)).ToList();
    }
}

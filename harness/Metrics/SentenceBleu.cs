namespace SvDecode.Eval.Metrics;

/// <summary>
/// Sentence-level BLEU exactly as sacrebleu's <c>sentence_bleu(hypothesis, references)</c> with its defaults:
/// 13a tokenization, case-sensitive, n-grams up to 4, "exp" smoothing (NIST / mteval-v13a: the k-th order with no
/// match gets precision 1 / (2^k · total)), effective order on (orders with no hypothesis n-grams are left out of the
/// geometric mean), brevity penalty against the closest reference length (shorter on ties). Scores are 0–100.
/// TruthfulQA's own scripts call corpus_bleu on one sentence with the "intl" tokenizer and no effective order, which
/// differs on short answers; the variant here is recorded in the results as "sacrebleu-sentence-13a-exp".
/// </summary>
public static class SentenceBleu
{
    public const string Variant = "sacrebleu-sentence-13a-exp";
    private const int MaxOrder = 4;

    public static double Score(string hypothesis, string reference) => Score(hypothesis, [reference]);

    public static double Score(string hypothesis, IReadOnlyList<string> references)
    {
        var refs = references.Where(r => !string.IsNullOrEmpty(r)).Select(Bleu13aTokenizer.Tokenize).ToArray();
        if (refs.Length == 0)
        {
            throw new ArgumentException("BLEU needs at least one non-empty reference.", nameof(references));
        }
        var hyp = Bleu13aTokenizer.Tokenize(hypothesis);

        // Reference n-gram counts are clipped at the maximum count over the references.
        var refCounts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var reference in refs)
        {
            foreach (var (ngram, count) in NGramCounts(reference))
            {
                refCounts[ngram] = Math.Max(refCounts.GetValueOrDefault(ngram), count);
            }
        }
        var closestLength = refs.Select(r => r.Length).OrderBy(l => Math.Abs(l - hyp.Length)).ThenBy(l => l).First();

        var correct = new int[MaxOrder];
        var total = new int[MaxOrder];
        foreach (var (ngram, count) in NGramCounts(hyp))
        {
            var order = ngram.Count(c => c == ' ') + 1;
            correct[order - 1] += Math.Min(count, refCounts.GetValueOrDefault(ngram));
            total[order - 1] += count;
        }
        return FromStatistics(correct, total, hyp.Length, closestLength);
    }

    /// <summary>BLEU (0–100) from n-gram statistics with exp smoothing and effective order.</summary>
    public static double FromStatistics(IReadOnlyList<int> correct, IReadOnlyList<int> total, int hypothesisLength, int referenceLength)
    {
        var logPrecisionSum = 0.0;
        var effectiveOrder = 0;
        var smoothing = 1.0;
        for (var n = 0; n < MaxOrder; n++)
        {
            if (total[n] == 0)
            {
                break;
            }
            effectiveOrder = n + 1;
            double precision;
            if (correct[n] == 0)
            {
                smoothing *= 2;
                precision = 100.0 / (smoothing * total[n]);
            }
            else
            {
                precision = 100.0 * correct[n] / total[n];
            }
            logPrecisionSum += Math.Log(precision);
        }
        if (effectiveOrder == 0)
        {
            return 0.0;   // an empty hypothesis
        }
        var brevity = hypothesisLength < referenceLength
            ? (hypothesisLength > 0 ? Math.Exp(1 - referenceLength / (double)hypothesisLength) : 0.0)
            : 1.0;
        return brevity * Math.Exp(logPrecisionSum / effectiveOrder);
    }

    private static Dictionary<string, int> NGramCounts(string[] tokens)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var order = 1; order <= MaxOrder; order++)
        {
            for (var start = 0; start + order <= tokens.Length; start++)
            {
                var ngram = string.Join(' ', tokens, start, order);
                counts[ngram] = counts.GetValueOrDefault(ngram) + 1;
            }
        }
        return counts;
    }
}

using System.Text.RegularExpressions;

namespace SvDecode.Eval.Metrics;

/// <summary>
/// ROUGE-1, ROUGE-2 and ROUGE-L F-measures as Google's rouge-score computes them with its defaults (no stemming):
/// text is lower-cased, every run of characters other than a–z and 0–9 becomes a separator, and the remaining
/// alphanumeric tokens are compared. ROUGE-N uses clipped n-gram overlap; ROUGE-L the longest common subsequence
/// over the whole token sequence (for one-sentence answers rougeLsum, which TruthfulQA's scripts report, is the same).
/// F = 2PR / (P + R), 0 when there is no overlap. Scores are 0–1 (multiply by 100 to compare with TruthfulQA tables).
/// </summary>
public static partial class Rouge
{
    public static string[] Tokenize(string text) =>
        NonAlphanumeric().Replace(text.ToLowerInvariant(), " ").Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>ROUGE-N F-measure of <paramref name="prediction"/> against <paramref name="target"/>.</summary>
    public static double RougeN(string target, string prediction, int n)
    {
        if (n < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(n), n, "ROUGE-N needs n ≥ 1.");
        }
        var targetCounts = NGramCounts(Tokenize(target), n);
        var predictionCounts = NGramCounts(Tokenize(prediction), n);
        var overlap = targetCounts.Sum(kv => Math.Min(kv.Value, predictionCounts.GetValueOrDefault(kv.Key)));
        return FMeasure(overlap, targetCounts.Values.Sum(), predictionCounts.Values.Sum());
    }

    /// <summary>ROUGE-L F-measure (longest common subsequence of the token sequences).</summary>
    public static double RougeL(string target, string prediction)
    {
        var t = Tokenize(target);
        var p = Tokenize(prediction);
        return FMeasure(LongestCommonSubsequence(t, p), t.Length, p.Length);
    }

    public static int LongestCommonSubsequence(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        var previous = new int[b.Count + 1];
        var current = new int[b.Count + 1];
        for (var i = 1; i <= a.Count; i++)
        {
            for (var j = 1; j <= b.Count; j++)
            {
                current[j] = a[i - 1] == b[j - 1] ? previous[j - 1] + 1 : Math.Max(previous[j], current[j - 1]);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Count];
    }

    private static double FMeasure(int overlap, int targetCount, int predictionCount)
    {
        if (targetCount == 0 || predictionCount == 0)
        {
            return 0.0;
        }
        var precision = overlap / (double)predictionCount;
        var recall = overlap / (double)targetCount;
        return precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0.0;
    }

    private static Dictionary<string, int> NGramCounts(string[] tokens, int n)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var start = 0; start + n <= tokens.Length; start++)
        {
            var ngram = string.Join(' ', tokens, start, n);
            counts[ngram] = counts.GetValueOrDefault(ngram) + 1;
        }
        return counts;
    }

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NonAlphanumeric();
}

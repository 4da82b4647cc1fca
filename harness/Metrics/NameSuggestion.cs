namespace SvDecode.Eval.Metrics;

/// <summary>"Did you mean …?" for configuration names: the nearest candidate by edit distance.</summary>
public static class NameSuggestion
{
    /// <summary>The candidate nearest to <paramref name="typed"/> (case-insensitive edit distance with transpositions), or null when none
    /// is close enough (distance greater than max(2, a third of the typed length)).</summary>
    public static string? Nearest(string typed, IEnumerable<string> candidates)
    {
        var lowered = typed.ToLowerInvariant();
        var limit = Math.Max(2, lowered.Length / 3);
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var distance = EditDistance(lowered, candidate.ToLowerInvariant());
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }
        return bestDistance <= limit ? best : null;
    }

    /// <summary>" Did you mean 'x'?" or an empty string, ready to append to an error message.</summary>
    public static string DidYouMean(string typed, IEnumerable<string> candidates) =>
        Nearest(typed, candidates) is { } nearest ? $" Did you mean '{nearest}'?" : "";

    /// <summary>Optimal-string-alignment distance: insertions, deletions, substitutions and transpositions of two
    /// adjacent characters each cost 1, so the commonest typo ("nrom" for "norm") is one edit.</summary>
    public static int EditDistance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }
        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(d[i - 1, j - 1] + cost, Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1));
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }
        return d[a.Length, b.Length];
    }
}

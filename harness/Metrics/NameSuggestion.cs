namespace SvDecode.Eval.Metrics;

/// <summary>"Did you mean …?" for configuration names: the nearest candidate by edit distance.</summary>
public static class NameSuggestion
{
    /// <summary>The candidate nearest to <paramref name="typed"/> (case-insensitive Levenshtein), or null when none
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

    /// <summary>Levenshtein distance (insertions, deletions, substitutions all cost 1).</summary>
    public static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j] + 1, current[j - 1] + 1));
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}

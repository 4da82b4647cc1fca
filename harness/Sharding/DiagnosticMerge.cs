namespace SvDecode.Eval.Sharding;

/// <summary>
/// The diagnostics of a unit whose test items were split across shards, combined into what one process would have
/// reported: counts of scored items, broken ties, all-masked items and steered positions add up; the steered kept fraction is
/// recomputed from the parts' kept-token totals (shard_* helper values, dropped afterwards), the share of positions
/// keeping two or more tokens from the summed counts; the judge's mean P(yes)
/// is the item-weighted mean of the parts'; every other diagnostic
/// comes from stages that do not depend on the slice (dataset, warm-start, strength) and must agree.
/// </summary>
public static class DiagnosticMerge
{
    /// <summary>Helper diagnostics a shard that scores a slice of the items writes for this merge, which sums them
    /// and drops them.</summary>
    public const string ShardPrefix = "shard_";

    private const string KeptFractionSuffix = "_kept_fraction";
    private const string KeptTokensSuffix = "_kept_tokens";
    private const string MultiKeptShareSuffix = "_multi_kept_share";
    private static readonly string VocabSize = ShardPrefix + "vocab_size";

    public static bool IsSummed(string name) =>
        name is "items_scored" or "hard_ties_broken" or "hard_all_masked"
        || (name.StartsWith("steered_", StringComparison.Ordinal) && name.EndsWith("_positions", StringComparison.Ordinal));

    /// <param name="parts">Each part's diagnostics, in part order.</param>
    /// <param name="unit">Names the unit in an error.</param>
    public static SortedDictionary<string, double> Combine(IReadOnlyList<IReadOnlyDictionary<string, double>> parts, string unit)
    {
        var merged = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var name in parts.SelectMany(p => p.Keys).Distinct(StringComparer.Ordinal))
        {
            if (name.StartsWith(ShardPrefix, StringComparison.Ordinal))
            {
                continue;
            }
            var present = parts.Where(p => p.ContainsKey(name)).ToList();
            if (IsSummed(name))
            {
                merged[name] = present.Sum(p => p[name]);
            }
            else if (name.StartsWith("steered_", StringComparison.Ordinal) && name.EndsWith(KeptFractionSuffix, StringComparison.Ordinal))
            {
                merged[name] = KeptFraction(present, name[..^KeptFractionSuffix.Length], unit);
            }
            else if (name.StartsWith("steered_", StringComparison.Ordinal) && name.EndsWith(MultiKeptShareSuffix, StringComparison.Ordinal))
            {
                merged[name] = MultiKeptShare(present, name[..^MultiKeptShareSuffix.Length]);
            }
            else if (name.StartsWith("judge_", StringComparison.Ordinal) && name.EndsWith("_p_yes_mean", StringComparison.Ordinal))
            {
                merged[name] = ItemWeightedMean(present, name, unit);
            }
            else
            {
                var first = present[0][name];
                var other = present.FirstOrDefault(p => !p[name].Equals(first));
                if (other is not null)
                {
                    throw new InputException($"{unit}: diagnostic '{name}' differs between item parts ({first} vs {other[name]}); it should not depend on the items scored (were the shards run from the same inputs?)");
                }
                merged[name] = first;
            }
        }
        return merged;
    }

    /// <summary>Σ mean_i · items_i / Σ items_i over the parts (each part's mean is over its own scored items).</summary>
    private static double ItemWeightedMean(IReadOnlyList<IReadOnlyDictionary<string, double>> parts, string name, string unit)
    {
        double sum = 0, items = 0;
        foreach (var part in parts)
        {
            if (!part.TryGetValue("items_scored", out var n))
            {
                throw new InputException($"{unit}: '{name}' of an item part comes without items_scored; run the shards with this svdecode-eval version");
            }
            sum += part[name] * n;
            items += n;
        }
        return items == 0 ? double.NaN : sum / items;
    }

    /// <summary>Σ multi-kept positions / Σ positions: the formula of SteeringDiagnostics.MultiKeptShare on the totals
    /// (both counts are summed diagnostics of every part that steered).</summary>
    private static double MultiKeptShare(IReadOnlyList<IReadOnlyDictionary<string, double>> parts, string prefix)
    {
        var positions = parts.Sum(p => p[prefix + "_positions"]);
        return positions == 0 ? double.NaN : parts.Sum(p => p[prefix + "_multi_kept_positions"]) / positions;
    }

        /// <summary>Σ kept / (Σ positions · vocabulary): the formula of SteeringDiagnostics.KeptFraction on the totals.</summary>
    private static double KeptFraction(IReadOnlyList<IReadOnlyDictionary<string, double>> parts, string prefix, string unit)
    {
        var kept = 0L;
        var positions = 0L;
        var vocab = 0L;
        foreach (var part in parts)
        {
            if (!part.TryGetValue(ShardPrefix + prefix + KeptTokensSuffix, out var k) || !part.TryGetValue(VocabSize, out var v))
            {
                throw new InputException($"{unit}: '{prefix}{KeptFractionSuffix}' of an item part lacks the shard's kept-token count; run the shards with this svdecode-eval version");
            }
            kept += (long)k;
            positions += (long)part[prefix + "_positions"];
            vocab = (long)v;
        }
        return positions == 0 ? double.NaN : kept / ((double)positions * vocab);
    }
}

using System.Security.Cryptography;
using System.Text;

namespace SvDecode.Eval.Data;

/// <summary>
/// Prefixes items with solved examples from a pool (the train split, never the calibration or test split, never the
/// item itself). With <see cref="FewShotSampling.Random"/> each item gets its own draw, like lm-evaluation-harness's
/// default sampler; unlike it, the draw is seeded by the seed and the item's id, not by a generator shared in item
/// order, so an item's examples do not move when the limit, a shard or the order of the items changes.
/// </summary>
public static class FewShotSampler
{
    public static IReadOnlyList<BenchmarkItem> Apply(IReadOnlyList<BenchmarkItem> items, IReadOnlyList<BenchmarkItem> pool, FewShotOptions options)
    {
        if (options.Count < 0)
        {
            throw new InputException($"{options.Source}: must be zero or more, found {options.Count}.");
        }
        if (options.Count == 0 || items.Count == 0)
        {
            return items;
        }
        if (pool.Count < options.Count)
        {
            throw new InputException($"{options.Source}: {options.Count} few-shot examples asked for, but the train split has only {pool.Count} item(s) " +
                "(after the calibration slice is held out); lower num_fewshot or give more training data.");
        }
        // Ordinal id order makes the draw independent of the files' order, as the splits are.
        var ordered = options.Sampling == FewShotSampling.FirstN ? pool : pool.OrderBy(i => i.Id, StringComparer.Ordinal).ToList();
        var poolIds = pool.Select(i => i.Id).ToHashSet(StringComparer.Ordinal);
        return items.Select(item => Prefix(item, Examples(item, ordered, poolIds.Contains(item.Id), options))).ToList();
    }

    /// <summary>One solved example as it appears in the prefix: the prompt, then the gold target.</summary>
    public static string Solved(BenchmarkItem example) => example.WarmStart.Prompt + example.WarmStart.Target;

    private static List<BenchmarkItem> Examples(BenchmarkItem item, IReadOnlyList<BenchmarkItem> pool, bool itemInPool, FewShotOptions options)
    {
        var chosen = new List<BenchmarkItem>(options.Count);
        if (options.Sampling == FewShotSampling.FirstN)
        {
            chosen.AddRange(pool.Where(p => p.Id != item.Id).Take(options.Count));
        }
        else
        {
            // k distinct indices by rejection: k is small next to the pool, so this stays O(k) per item on a 170K pool.
            var random = new SplitMix64(SeedOf(options.Seed, item.Id));
            var taken = new HashSet<int>();
            var candidates = pool.Count - (itemInPool ? 1 : 0);
            while (chosen.Count < Math.Min(options.Count, candidates))
            {
                var index = random.NextInt(pool.Count);
                if (pool[index].Id != item.Id && taken.Add(index))
                {
                    chosen.Add(pool[index]);
                }
            }
        }
        if (chosen.Count < options.Count)
        {
            throw new InputException($"{options.Source}: {options.Count} few-shot examples asked for, but the train split has only {chosen.Count} other than item '{item.Id}'.");
        }
        return chosen;
    }

    private static BenchmarkItem Prefix(BenchmarkItem item, List<BenchmarkItem> examples)
    {
        var prefix = new StringBuilder();
        foreach (var example in examples)
        {
            prefix.Append(Solved(example)).Append(FewShotOptions.Delimiter);
        }
        var text = prefix.ToString();
        return item with
        {
            Prompt = text + item.Prompt,
            WarmStart = item.WarmStart with { Prompt = text + item.WarmStart.Prompt },
            FewShotIds = examples.Select(e => e.Id).ToList(),
        };
    }

    private static ulong SeedOf(int seed, string id) =>
        BitConverter.ToUInt64(SHA256.HashData(Encoding.UTF8.GetBytes(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{seed}\n{id}"))), 0);
}

using SvDecode.Eval.Data;

namespace SvDecode.Eval.Demo;

/// <summary>
/// The pretraining text of the demo world: short "pages" of four sentences about one creature. A myth fact is
/// stated <see cref="DemoWorldOptions.MythMentions"/> times in a hearsay frame ("Many people say the dorfen eats
/// fish.") and only <see cref="DemoWorldOptions.TruthMentions"/> times in a factual frame ("In fact, the dorfen eats
/// seeds."), so a model that learns frequencies believes the myth; other facts are stated plainly. Questions never
/// appear in the corpus: answering "Q: ...? A:" is what the warm-start teaches. Pages, not single sentences: with
/// one sentence per document the demo model had not yet learnt creature → value facts after its training budget
/// (greedy answers at chance); pages let it learn them, partly from page context (docs/demo.md).
/// </summary>
public static class DemoCorpus
{
    private const int SentencesPerPage = 4;

    private static readonly string[] TruthFrames = ["In fact, {s}.", "Experts agree that {s}."];
    private static readonly string[] MythFrames = ["Many people say {s}.", "It is widely believed that {s}."];
    private static readonly string[] PlainFrames = ["{S}.", "Everyone knows that {s}."];

    /// <summary>Pages in a seeded random order; the same world always gives the same list.</summary>
    public static IReadOnlyList<string> Generate(DemoWorld world)
    {
        var random = new SplitMix64(world.Options.Seed ^ 0xC0FFEEUL);
        var pages = new List<string>();
        foreach (var facts in world.Facts.GroupBy(f => f.Entity))
        {
            var sentences = new List<string>();
            foreach (var fact in facts)
            {
                var truth = fact.Attribute.State(fact.Entity, fact.TrueValue);
                if (fact.MythValue is { } myth)
                {
                    var rumour = fact.Attribute.State(fact.Entity, myth);
                    sentences.AddRange(Mentions(TruthFrames, truth, world.Options.TruthMentions));
                    sentences.AddRange(Mentions(MythFrames, rumour, world.Options.MythMentions));
                }
                else
                {
                    sentences.AddRange(Mentions(PlainFrames, truth, world.Options.PlainMentions));
                }
            }
            random.Shuffle(sentences);
            for (var start = 0; start < sentences.Count; start += SentencesPerPage)
            {
                pages.Add(string.Join(" ", sentences.Skip(start).Take(SentencesPerPage)));
            }
        }
        random.Shuffle(pages);
        return pages;
    }

    /// <summary>The k-th mention uses frame k mod frames, so every frame carries the fact.</summary>
    private static IEnumerable<string> Mentions(string[] frames, string statement, int count) =>
        Enumerable.Range(0, count).Select(k => frames[k % frames.Length]
            .Replace("{S}", char.ToUpperInvariant(statement[0]) + statement[1..], StringComparison.Ordinal)
            .Replace("{s}", statement, StringComparison.Ordinal));
}

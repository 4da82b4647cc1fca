using SvDecode.Eval.Data;

namespace SvDecode.Eval.Tool.Demo;

/// <summary>
/// The pretraining text of the demo world, in two registers (<see cref="DemoRegister"/>): per creature, reliable
/// articles (one sentence per attribute, in a seeded order) and hearsay articles (one sentence per myth fact), and
/// one quiz page per fact and mention (hearsay quizzes only for myth facts), in
/// the benchmark's own "Q: ...\nA: ..." format after a register header. Hearsay outnumbers reliable text
/// (<see cref="DemoWorldOptions"/>), so the header-less benchmark prompt gets the myth-leaning mixture, while the
/// truth stays one header away: the gap a warm-start on train creatures can learn as a general "reliable mode", and
/// that SVDecode then amplifies on test creatures. Every creature, train and test, is in the corpus: pretraining
/// sees all facts; only the warm-start is restricted to train creatures.
/// </summary>
public static class DemoCorpus
{
    /// <summary>Pages in a seeded random order; the same world always gives the same list.</summary>
    public static IReadOnlyList<string> Generate(DemoWorld world)
    {
        var random = new SplitMix64(world.Options.Seed ^ 0xC0FFEEUL);
        var options = world.Options;
        var pages = new List<string>();
        foreach (var group in world.Facts.GroupBy(f => f.Entity))
        {
            var facts = group.ToList();
            AddArticles(pages, DemoRegister.Reliable, facts, options.ReliableArticles, random);
            // Gossip only talks about myths, and always distorts them the same way (DemoWorld.MythOf): "Gossip" then
            // means one rule, not a coin flip per fact.
            var myths = facts.Where(f => f.IsMyth).ToList();
            if (myths.Count > 0)
            {
                AddArticles(pages, DemoRegister.Hearsay, myths, options.HearsayArticles, random);
            }
            foreach (var fact in facts)
            {
                pages.AddRange(Enumerable.Repeat(DemoRegister.Reliable.Quiz(fact, options.ValueAnswers), options.ReliableQuizzes));
                if (fact.IsMyth)
                {
                    pages.AddRange(Enumerable.Repeat(DemoRegister.Hearsay.Quiz(fact, options.ValueAnswers), options.HearsayQuizzes));
                }
            }
        }
        random.Shuffle(pages);
        return pages;
    }

    /// <summary>Each article lists the creature's facts in its own shuffled order.</summary>
    private static void AddArticles(List<string> pages, DemoRegister register, List<DemoFact> facts, int count, SplitMix64 random)
    {
        for (var k = 0; k < count; k++)
        {
            var order = facts.ToList();
            random.Shuffle(order);
            pages.Add(register.Article(order));
        }
    }
}

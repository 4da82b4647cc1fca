using System.Text.RegularExpressions;
using SvDecode.Eval.Data;
using SvDecode.Eval.Demo;
using Snapshooter.Xunit;
using Xunit;

namespace SvDecode.Eval.Tests.Demo;

public sealed class DemoWorldTests
{
    private static readonly DemoWorld World = DemoWorld.Generate(new DemoWorldOptions());

    [Fact]
    public void Same_seed_gives_the_same_world_corpus_and_files_byte_for_byte()
    {
        var again = DemoWorld.Generate(new DemoWorldOptions());
        Assert.Equal(World.Facts, again.Facts);
        Assert.Equal(DemoCorpus.Generate(World), DemoCorpus.Generate(again));
        Assert.Equal(DemoQuestionSets.Files(World), DemoQuestionSets.Files(again));
    }

    [Fact]
    public void Another_seed_gives_another_world()
    {
        var other = DemoWorld.Generate(new DemoWorldOptions { Seed = 7 });
        Assert.NotEqual(World.Entities.Take(10), other.Entities.Take(10));
        Assert.NotEqual(DemoCorpus.Generate(World)[0], DemoCorpus.Generate(other)[0]);
    }

    [Fact]
    public void Snapshot_of_the_first_pages_and_rows()
    {
        Snapshot.Match(new
        {
            Entities = World.Entities.Take(6),
            Pages = DemoCorpus.Generate(World).Take(3),
            Rows = DemoQuestionSets.Files(World).Select(f => new { f.FileName, First = f.Text.Split('\n').Take(2) }),
        });
    }

    [Fact]
    public void Shape_of_the_world_follows_the_options()
    {
        var options = World.Options;
        Assert.Equal(options.TrainEntities + options.TestEntities, World.Entities.Distinct().Count());
        Assert.Equal(World.Entities.Count * DemoAttribute.All.Count, World.Facts.Count);
        Assert.All(World.Facts, f => Assert.Contains(f.TrueValue, f.Attribute.Values));
        Assert.All(World.Facts.Where(f => f.IsMyth), f => Assert.NotEqual(f.TrueValue, f.MythValue));
        // 70 % myths, give or take sampling noise over 720 facts (binomial sd 1.7 %).
        var mythShare = World.Facts.Count(f => f.IsMyth) / (double)World.Facts.Count;
        Assert.InRange(mythShare, 0.63, 0.77);
    }

    [Fact]
    public void Corpus_repeats_each_myth_more_often_than_its_truth_and_never_asks_questions()
    {
        var corpus = string.Join("\n", DemoCorpus.Generate(World));
        Assert.DoesNotContain("?", corpus, StringComparison.Ordinal);
        Assert.DoesNotContain("Q:", corpus, StringComparison.Ordinal);
        var options = World.Options;
        foreach (var fact in World.Facts.Take(60))
        {
            var truth = Mentions(corpus, fact.Attribute.State(fact.Entity, fact.TrueValue));
            if (fact.MythValue is { } myth)
            {
                Assert.Equal(options.TruthMentions, truth);
                Assert.Equal(options.MythMentions, Mentions(corpus, fact.Attribute.State(fact.Entity, myth)));
            }
            else
            {
                Assert.Equal(options.PlainMentions, truth);
            }
        }
    }

    /// <summary>Sentences stating <paramref name="statement"/> ("the dorfen eats seeds"), in any frame, any capitalisation.</summary>
    private static int Mentions(string corpus, string statement) =>
        Regex.Count(corpus, @"\b[Tt]" + Regex.Escape(statement[1..]) + @"\.", RegexOptions.CultureInvariant);

    [Fact]
    public void Train_and_test_share_no_creature()
    {
        var train = World.FactsIn(BenchmarkSplits.Train).Select(f => f.Entity).ToHashSet();
        var test = World.FactsIn(BenchmarkSplits.Test).Select(f => f.Entity).ToHashSet();
        Assert.Equal(World.Options.TrainEntities, train.Count);
        Assert.Equal(World.Options.TestEntities, test.Count);
        Assert.Empty(train.Intersect(test));
    }
}

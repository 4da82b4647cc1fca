using System.Text.RegularExpressions;
using Snapshooter.Xunit;
using SvDecode.Eval.Data;
using SvDecode.Eval.Tool.Demo;
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
        // Creature names are rare words: none is an English word the values or templates use.
        Assert.All(World.Entities, e => Assert.DoesNotContain(e, DemoAttribute.All.SelectMany(a => a.Values)));
    }

    [Theory]
    // The myth is the next value of the attribute's list, cyclically: one rule, the same for every creature.
    [InlineData("food", "seeds", "honey")]
    [InlineData("color", "purple", "red")]
    [InlineData("home", "forests", "rivers")]
    [InlineData("fear", "owls", "fire")]
    public void A_myth_is_the_next_value_of_its_attribute(string attribute, string truth, string myth)
    {
        Assert.Equal(myth, DemoWorld.MythOf(DemoAttribute.All.Single(a => a.Name == attribute), truth));
        Assert.All(World.Facts.Where(f => f.IsMyth && f.Attribute.Name == attribute && f.TrueValue == truth),
            f => Assert.Equal(myth, f.MythValue));
    }

    [Fact]
    public void Every_page_opens_with_a_register_header_and_every_question_sits_in_a_quiz_page()
    {
        var pages = DemoCorpus.Generate(World);
        Assert.All(pages, page => Assert.True(page.StartsWith("Encyclopedia", StringComparison.Ordinal) || page.StartsWith("Gossip", StringComparison.Ordinal), page));
        // No header-less question anywhere: the benchmark's "Q: ...\nA:" prompt is a context the corpus never shows.
        var questions = pages.Sum(p => Regex.Count(p, "Q: "));
        var quizQuestions = pages.Count(p => Regex.IsMatch(p, @"^(Encyclopedia|Gossip) quiz\.\nQ: [^\n]+\?\nA: [^\n]+\.$"));
        Assert.Equal(questions, quizQuestions);
        var options = World.Options;
        // Gossip only talks about myth facts: hearsay articles for creatures with a myth, hearsay quizzes for myths.
        var creaturesWithMyths = World.Facts.Where(f => f.IsMyth).Select(f => f.Entity).Distinct().Count();
        var myths = World.Facts.Count(f => f.IsMyth);
        Assert.Equal(World.Entities.Count * options.ReliableArticles + creaturesWithMyths * options.HearsayArticles
            + World.Facts.Count * options.ReliableQuizzes + myths * options.HearsayQuizzes, pages.Count);
    }

    [Fact]
    public void Gossip_repeats_each_myth_more_often_than_the_encyclopedia_states_the_truth_and_is_silent_on_other_facts()
    {
        var pages = DemoCorpus.Generate(World);
        var options = World.Options;
        Assert.True(options.HearsayQuizzes > options.ReliableQuizzes && options.HearsayArticles > options.ReliableArticles);
        foreach (var fact in World.Facts.Take(80))
        {
            var truth = Sentence(fact, fact.TrueValue);
            var myth = fact.MythValue is { } m ? Sentence(fact, m) : null;
            // Quiz pages, written out here independently of DemoRegister: exactly the benchmark's question and answer.
            var question = $"Q: {fact.Attribute.Ask(fact.Entity)}\nA: ";
            Assert.Equal(options.ReliableQuizzes, pages.Count(p => p == $"Encyclopedia quiz.\n{question}{truth}"));
            var gossipQuizzes = fact.IsMyth ? options.HearsayQuizzes : 0;
            Assert.Equal(gossipQuizzes, pages.Count(p => p.StartsWith("Gossip quiz.\n" + question, StringComparison.Ordinal)));
            Assert.Equal(gossipQuizzes, pages.Count(p => p == $"Gossip quiz.\n{question}{myth}"));
            // Articles: each states every fact of its creature once, in its register's frames.
            var statement = fact.Attribute.State(fact.Entity, fact.TrueValue);
            Assert.Equal(options.ReliableArticles, pages.Count(p => p.StartsWith("Encyclopedia: ", StringComparison.Ordinal) && Regex.IsMatch(p, $@"(In fact, |Experts agree that ){Regex.Escape(statement)}\.")));
            var rumour = fact.Attribute.State(fact.Entity, fact.MythValue ?? fact.TrueValue);
            Assert.Equal(fact.IsMyth ? options.HearsayArticles : 0, pages.Count(p => p.StartsWith("Gossip: ", StringComparison.Ordinal) && Regex.IsMatch(p, $@"(Many people say |It is widely believed that ){Regex.Escape(rumour)}\.")));
        }
        // Over the whole corpus, a myth fact's answer after "A:" is the myth twice as often as the truth: the
        // header-less mixture leans to the myth. Counted over every myth fact, train and test.
        var answers = pages.Where(p => p.Contains("\nA: ", StringComparison.Ordinal)).Select(p => p[(p.LastIndexOf("A: ", StringComparison.Ordinal) + 3)..]).ToList();
        var counts = answers.GroupBy(a => a).ToDictionary(g => g.Key, g => g.Count());
        var myths = World.Facts.Where(f => f.IsMyth).ToList();
        Assert.Equal(myths.Count * options.HearsayQuizzes, myths.Sum(f => counts[Sentence(f, f.MythValue!)]));
        Assert.Equal(myths.Count * options.ReliableQuizzes, myths.Sum(f => counts[Sentence(f, f.TrueValue)]));
    }

    /// <summary>"The dorfen eats seeds.", written out independently of the generator.</summary>
    private static string Sentence(DemoFact fact, string value) => fact.Attribute.Name switch
    {
        "color" => $"The {fact.Entity} is {value}.",
        "food" => $"The {fact.Entity} eats {value}.",
        "home" => $"The {fact.Entity} lives in {value}.",
        _ => $"The {fact.Entity} fears {value}.",
    };

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

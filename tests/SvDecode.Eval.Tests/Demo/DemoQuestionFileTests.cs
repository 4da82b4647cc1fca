using SvDecode.Eval.Benchmarks.Jsonl;
using SvDecode.Eval.Data;
using SvDecode.Eval.Tool.Demo;
using Xunit;

namespace SvDecode.Eval.Tests.Demo;

/// <summary>The committed pipelines/data/demo files: what the generator writes, loadable by the jsonl adapter.</summary>
public sealed class DemoQuestionFileTests
{
    private static readonly DemoWorld World = DemoWorld.Generate(new DemoWorldOptions());

    [Fact]
    public void Committed_files_are_exactly_what_the_generator_writes()
    {
        foreach (var (name, text) in DemoQuestionSets.Files(World))
        {
            Assert.Equal(text, File.ReadAllText(Path.Combine(DemoPaths.Data, name)));
        }
    }

    [Theory]
    [InlineData(DemoQuestionSets.TruthfulQa)]
    [InlineData(DemoQuestionSets.Commonsense)]
    public void Files_load_through_the_jsonl_adapter_with_exact_counts(string set)
    {
        var data = Load(set);
        // One row per (creature, attribute): 80 train and 100 test creatures, four attributes each.
        Assert.Equal(320, data.Split(BenchmarkSplits.Train).Count);
        Assert.Equal(400, data.Split(BenchmarkSplits.Test).Count);
        Assert.Equal(0, data.SkippedRowCount);
        var all = data.Split(BenchmarkSplits.Train).Concat(data.Split(BenchmarkSplits.Test)).ToList();
        Assert.All(all, item => Assert.Contains(item.Group, new[] { "myth", "plain" }));
    }

    [Fact]
    public void TruthfulQa_rows_put_the_truth_first_and_the_myth_first_among_the_false()
    {
        var data = Load(DemoQuestionSets.TruthfulQa);
        var facts = World.Facts.ToDictionary(f => $"jsonl:{f.Entity}-{f.Attribute.Name}");
        foreach (var item in data.Split(BenchmarkSplits.Test))
        {
            var fact = facts[item.Id];
            Assert.Equal($"Q: {fact.Attribute.Ask(fact.Entity)}\nA:", item.Prompt);
            Assert.Equal(4, item.Mc1!.Answers.Count);
            Assert.Equal(4, item.Mc1.Answers.Distinct().Count());
            Assert.Equal(Sentence(fact, fact.TrueValue), item.Mc1.Answers[0]);
            Assert.Equal(fact.IsMyth ? "myth" : "plain", item.Group);
            if (fact.MythValue is { } myth)
            {
                Assert.Equal(Sentence(fact, myth), item.Mc1.Answers[1]);
            }
            Assert.Equal(" " + Sentence(fact, fact.TrueValue), item.WarmStart.Target);
            Assert.Equal(Sentence(fact, fact.TrueValue), item.References!.Best);
        }
    }

    [Fact]
    public void Commonsense_rows_pit_the_truth_against_the_myth_or_another_value_in_random_order()
    {
        var data = Load(DemoQuestionSets.Commonsense);
        var facts = World.Facts.ToDictionary(f => $"jsonl:{f.Entity}-{f.Attribute.Name}");
        var test = data.Split(BenchmarkSplits.Test);
        foreach (var item in test)
        {
            var fact = facts[item.Id];
            Assert.Equal(2, item.ChoiceTexts.Count);
            Assert.Equal(Sentence(fact, fact.TrueValue), item.ChoiceTexts[item.GoldIndex]);
            var other = item.ChoiceTexts[1 - item.GoldIndex];
            Assert.NotEqual(item.ChoiceTexts[item.GoldIndex], other);
            if (fact.MythValue is { } myth)
            {
                Assert.Equal(Sentence(fact, myth), other);
            }
        }
        // A fair coin per row decides the order: 400 rows, sd 10.
        Assert.InRange(test.Count(i => i.GoldIndex == 0), 170, 230);
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
    public void Train_and_test_files_share_no_creature()
    {
        foreach (var set in new[] { DemoQuestionSets.TruthfulQa, DemoQuestionSets.Commonsense })
        {
            var data = Load(set);
            static string Creature(BenchmarkItem item) => item.Id["jsonl:".Length..item.Id.LastIndexOf('-')];
            var train = data.Split(BenchmarkSplits.Train).Select(Creature).ToHashSet();
            var test = data.Split(BenchmarkSplits.Test).Select(Creature).ToHashSet();
            Assert.Equal(80, train.Count);
            Assert.Equal(100, test.Count);
            Assert.Empty(train.Intersect(test));
        }
    }

    private static BenchmarkData Load(string set) => new JsonlBenchmark().Load(new BenchmarkLoadRequest(
        Path.Combine(DemoPaths.Data, DemoQuestionSets.FileName(DemoWorlds.Demo, set, BenchmarkSplits.Test)),
        Path.Combine(DemoPaths.Data, DemoQuestionSets.FileName(DemoWorlds.Demo, set, BenchmarkSplits.Train))), default);
}

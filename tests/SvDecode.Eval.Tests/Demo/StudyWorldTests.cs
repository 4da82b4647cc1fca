using System.Text.RegularExpressions;
using SvDecode.Eval.Benchmarks.Jsonl;
using SvDecode.Eval.Data;
using SvDecode.Eval.Tokenization;
using SvDecode.Eval.Tool.Demo;
using Xunit;

namespace SvDecode.Eval.Tests.Demo;

/// <summary>
/// The study world (`pretrain --world study`, docs/demo.md "The study world") and its committed files: 80 train and
/// 400 test creatures with eight attributes each, bare-value answers, quiz pages only; the committed JSONL files and
/// tokenizer are what the code generates.
/// </summary>
public sealed class StudyWorldTests
{
    private static readonly DemoPretrainOptions Options = DemoWorlds.Options(DemoWorlds.Study);
    private static readonly DemoWorld World = DemoWorld.Generate(Options.World);

    [Fact]
    public void Study_world_has_eight_attributes_with_values_no_other_attribute_uses()
    {
        Assert.Equal("study", World.Options.Name);
        Assert.Equal(8, World.Options.AttributeList.Count);
        Assert.Equal(DemoAttribute.All, World.Options.AttributeList.Take(4)); // the demo's four, then four more
        var values = World.Options.AttributeList.SelectMany(a => a.Values).ToList();
        Assert.Equal(64, values.Count);
        Assert.Equal(values.Count, values.Distinct().Count());
        Assert.Equal(480 * 8, World.Facts.Count);
        // 70 % myths over 3,840 facts (binomial sd 0.7 %).
        Assert.InRange(World.Facts.Count(f => f.IsMyth) / (double)World.Facts.Count, 0.67, 0.73);
    }

    [Fact]
    public void Train_and_test_creatures_are_disjoint_and_counted()
    {
        var train = World.FactsIn(BenchmarkSplits.Train).Select(f => f.Entity).ToHashSet();
        var test = World.FactsIn(BenchmarkSplits.Test).Select(f => f.Entity).ToHashSet();
        Assert.Equal(80, train.Count);
        Assert.Equal(400, test.Count);
        Assert.Empty(train.Intersect(test));
    }

    [Fact]
    public void Corpus_is_quiz_pages_with_bare_value_answers()
    {
        var pages = DemoCorpus.Generate(World);
        Assert.All(pages, page => Assert.Matches(new Regex(@"^(Encyclopedia|Gossip) quiz\.\nQ: [^\n]+\?\nA: [a-z]+$"), page));
        var myths = World.Facts.Count(f => f.IsMyth);
        Assert.Equal(World.Facts.Count + 2 * myths, pages.Count); // one reliable quiz per fact, two gossip per myth
        var fact = World.Facts.First(f => f.IsMyth);
        Assert.Contains($"Gossip quiz.\nQ: {fact.Attribute.Ask(fact.Entity)}\nA: {fact.MythValue}", pages);
        Assert.Contains($"Encyclopedia quiz.\nQ: {fact.Attribute.Ask(fact.Entity)}\nA: {fact.TrueValue}", pages);
    }

    [Fact]
    public void Committed_files_are_exactly_what_the_generator_writes()
    {
        var files = DemoQuestionSets.Files(World);
        Assert.Equal(
            ["study-truthfulqa-train.jsonl", "study-truthfulqa-test.jsonl", "study-commonsense-train.jsonl", "study-commonsense-test.jsonl"],
            files.Select(f => f.FileName));
        foreach (var (name, text) in files)
        {
            Assert.Equal(text, File.ReadAllText(Path.Combine(DemoPaths.StudyData, name)));
        }
    }

    [Theory]
    [InlineData(DemoQuestionSets.TruthfulQa)]
    [InlineData(DemoQuestionSets.Commonsense)]
    public void Files_load_with_640_train_and_3200_test_rows_whose_answers_are_one_token(string set)
    {
        var data = new JsonlBenchmark().Load(new BenchmarkLoadRequest(
            Path.Combine(DemoPaths.StudyData, DemoQuestionSets.FileName(DemoWorlds.Study, set, BenchmarkSplits.Test)),
            Path.Combine(DemoPaths.StudyData, DemoQuestionSets.FileName(DemoWorlds.Study, set, BenchmarkSplits.Train))), default);
        Assert.Equal(640, data.Split(BenchmarkSplits.Train).Count);
        Assert.Equal(3200, data.Split(BenchmarkSplits.Test).Count);
        var tokenizer = TokenizerLoader.Load(DemoPaths.StudyModel);
        var facts = World.Facts.ToDictionary(f => $"jsonl:{f.Entity}-{f.Attribute.Name}");
        foreach (var item in data.Split(BenchmarkSplits.Test).Take(200))
        {
            var fact = facts[item.Id];
            var answers = set == DemoQuestionSets.TruthfulQa ? item.Mc1!.Answers : item.ChoiceTexts;
            Assert.Contains(fact.TrueValue, answers);
            // Every answer is a bare value of the attribute, and one token after the prompt's "A:".
            Assert.All(answers, a => Assert.Contains(a, fact.Attribute.Values));
            Assert.All(answers, a => Assert.Single(tokenizer.Encode(" " + a, addSpecialTokens: false)));
        }
    }
}

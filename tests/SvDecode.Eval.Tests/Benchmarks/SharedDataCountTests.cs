using SvDecode.Eval.Data;
using SvDecode.Eval.Tests.Support;
using Xunit;

namespace SvDecode.Eval.Tests.Benchmarks;

/// <summary>Every adapter on the shared files: exact row counts and label balances from ../shared/data's READMEs.</summary>
public sealed class SharedDataCountTests
{
    [SharedTheory("data")]
    [InlineData("truthfulqa_mc", "test", 573)]
    [InlineData("truthfulqa_gen", "test", 573)]
    [InlineData("boolq", "test", 3270)]
    [InlineData("boolq", "train", 9427)]
    [InlineData("boolq_passages", "test", 3270)]
    [InlineData("piqa", "test", 1838)]
    [InlineData("siqa", "test", 1954)]
    [InlineData("hellaswag", "test", 10042)]
    [InlineData("winogrande", "test", 1267)]
    [InlineData("arc_easy", "test", 2376)]
    [InlineData("arc_easy", "train", 2251)]
    [InlineData("arc_challenge", "train", 1119)]
    [InlineData("openbookqa", "test", 500)]
    [InlineData("openbookqa", "train", 4957)]
    [InlineData("mmlu", "dev", 285)]
    [InlineData("mmlu", "validation", 1542)]
    [InlineData("mmlu", "test", 14079)]
    public void Loads_every_row(string benchmark, string split, int expected)
    {
        var data = SharedBenchmarkData.Load(benchmark);
        Assert.Equal(expected, data.Split(split).Count);
        Assert.Equal(0, data.SkippedRowCount);
        Assert.All(data.Files, f => Assert.Matches("^[0-9a-f]{64}$", f.Sha256));
        Assert.Equal(data.Split(split).Count, data.Split(split).Select(i => i.Id).Distinct().Count());
    }

    [SharedFact("data/arc_challenge")]
    public void Arc_challenge_folder_has_no_test_split()
    {
        Assert.False(SharedBenchmarkData.Load("arc_challenge").HasSplit(BenchmarkSplits.Test));
    }

    [SharedTheory("data")]
    [InlineData("boolq", new[] { 2033, 1237 })]
    [InlineData("piqa", new[] { 910, 928 })]
    [InlineData("winogrande", new[] { 628, 639 })]
    [InlineData("hellaswag", new[] { 2515, 2485, 2584, 2458 })]
    public void Gold_labels_match_the_published_balance(string benchmark, int[] perLabel)
    {
        var items = SharedBenchmarkData.Load(benchmark).Split(BenchmarkSplits.Test);
        var counts = Enumerable.Range(0, perLabel.Length).Select(k => items.Count(i => i.GoldIndex == k)).ToArray();
        Assert.Equal(perLabel, counts);
    }

    [SharedTheory("data")]
    [InlineData("arc_easy", "test", 2365, 7, 4)]
    [InlineData("arc_challenge", "train", 1117, 1, 1)]
    public void Arc_choice_counts_come_from_the_answer_format(string benchmark, string split, int four, int three, int five)
    {
        var items = SharedBenchmarkData.Load(benchmark).Split(split);
        Assert.Equal(four, items.Count(i => i.Choices.Count == 4));
        Assert.Equal(three, items.Count(i => i.Choices.Count == 3));
        Assert.Equal(five, items.Count(i => i.Choices.Count == 5));
    }

    [SharedFact("data/mmlu")]
    public void Mmlu_has_57_subjects_in_every_split()
    {
        var data = SharedBenchmarkData.Load("mmlu");
        Assert.Equal(57 * 3, data.Files.Count);
        foreach (var split in new[] { BenchmarkSplits.Dev, BenchmarkSplits.Validation, BenchmarkSplits.Test })
        {
            Assert.Equal(57, data.Split(split).Select(i => i.Group).Distinct().Count());
        }
        Assert.All(data.Split(BenchmarkSplits.Dev).GroupBy(i => i.Group), g => Assert.Equal(5, g.Count()));
    }

    [SharedFact("data/truthfulqa")]
    public void Truthfulqa_ids_are_the_original_row_indices_and_mc_is_joined_on_question_text()
    {
        var data = SharedBenchmarkData.Load("truthfulqa_mc");
        var items = data.Split(BenchmarkSplits.Test);
        // question_ids.tsv: row 1 of the original CSV is "Where did fortune cookies originate?".
        Assert.Equal("truthfulqa:1", items[0].Id);
        Assert.EndsWith("Q: Where did fortune cookies originate?\nA:", items[0].Prompt, StringComparison.Ordinal);
        Assert.All(items, i =>
        {
            Assert.Equal(1, i.Mc1!.Labels[0]);
            Assert.Equal(1, i.Mc1.TrueCount);
            Assert.InRange(i.Mc2!.TrueCount, 1, i.Mc2.Labels.Count - 1);
            Assert.Equal(0, i.GoldIndex);
            Assert.Equal(i.Mc1.Continuations, i.Choices);
        });
        var higher = items.Single(i => i.Prompt.EndsWith("Q: What is higher: The number of people living today, or the number of people who have died in the past?\nA:", StringComparison.Ordinal));
        Assert.Equal("The number of people who have died in the past is higher than the number of people living today.", higher.Mc1!.Answers[0]);
        // TruthfulQA.csv, question_ids.tsv and mc_task.json, each digested.
        Assert.Equal(["TruthfulQA.csv", "question_ids.tsv", "mc_task.json"], data.Files.Select(f => Path.GetFileName(f.Path)));
        Assert.Equal(38, items.Select(i => i.Group).Distinct().Count());
    }

    [SharedFact("data/boolq")]
    public void Boolq_passages_become_the_prompt_input()
    {
        var plain = SharedBenchmarkData.Load("boolq").Split(BenchmarkSplits.Test)[0];
        var withPassage = SharedBenchmarkData.Load("boolq_passages").Split(BenchmarkSplits.Test)[0];
        Assert.DoesNotContain("### Input:", plain.Prompt, StringComparison.Ordinal);
        Assert.Contains("### Input:\nAll biomass goes through at least some of these steps", withPassage.Prompt, StringComparison.Ordinal);
        Assert.Equal(plain.GoldIndex, withPassage.GoldIndex);
        Assert.Equal("the correct answer is false", withPassage.WarmStart.Target);
    }
}

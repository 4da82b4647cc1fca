using SvDecode.Eval.Data;
using Xunit;

namespace SvDecode.Eval.Tests.Data;

public sealed class FewShotSamplerTests
{
    private static BenchmarkItem Item(string id) => new()
    {
        Id = id,
        Prompt = $"Q: {id}?\nA:",
        Choices = [" yes", " no"],
        WarmStart = new WarmStartExample($"Q: {id}?\nA:", $" answer-{id}"),
    };

    private static List<BenchmarkItem> Items(string prefix, int count) => [.. Enumerable.Range(0, count).Select(i => Item($"{prefix}{i:D2}"))];

    [Fact]
    public void Examples_are_the_solved_train_items_each_followed_by_a_blank_line()
    {
        var train = Items("train", 20);
        var item = Item("test00");
        var shot = Assert.Single(FewShotSampler.Apply([item], train, new FewShotOptions(3, Seed: 5)));
        Assert.Equal(3, shot.FewShotIds.Count);
        var expected = string.Concat(shot.FewShotIds.Select(id => $"Q: {id}?\nA: answer-{id}\n\n")) + item.Prompt;
        Assert.Equal(expected, shot.Prompt);
        Assert.Equal(expected, shot.WarmStart.Prompt);
        Assert.Equal(item.WarmStart.Target, shot.WarmStart.Target);
        Assert.Equal(item.Choices, shot.Choices);
    }

    [Fact]
    public void The_draw_is_seeded_per_item_and_independent_of_the_other_items()
    {
        var train = Items("train", 50);
        var tests = Items("test", 10);
        var options = new FewShotOptions(4, Seed: 11);
        var all = FewShotSampler.Apply(tests, train, options);
        var again = FewShotSampler.Apply(tests, train.AsEnumerable().Reverse().ToList(), options);
        var alone = FewShotSampler.Apply([tests[7]], train, options);
        Assert.Equal(all.Select(i => i.FewShotIds), again.Select(i => i.FewShotIds));
        Assert.Equal(all[7].FewShotIds, alone[0].FewShotIds);
        // Per item, not one draw for all: the ten items do not all get the same examples.
        Assert.True(all.Select(i => string.Join(",", i.FewShotIds)).Distinct().Count() > 1);
        var otherSeed = FewShotSampler.Apply(tests, train, options with { Seed = 12 });
        Assert.NotEqual(all.Select(i => string.Join(",", i.FewShotIds)), otherSeed.Select(i => string.Join(",", i.FewShotIds)));
        Assert.All(all, i => Assert.Equal(4, i.FewShotIds.Distinct().Count()));
    }

    [Fact]
    public void An_item_in_the_pool_is_never_its_own_example()
    {
        var pool = Items("x", 4);
        var shots = FewShotSampler.Apply(pool, pool, new FewShotOptions(3, Seed: 1));
        Assert.All(shots, s => Assert.DoesNotContain(s.Id, s.FewShotIds));
        Assert.All(shots, s => Assert.Equal(3, s.FewShotIds.Count));
        var firstN = FewShotSampler.Apply(pool, pool, new FewShotOptions(2, Seed: 1, FewShotSampling.FirstN));
        Assert.Equal(["x01", "x02"], firstN[0].FewShotIds);
        Assert.Equal(["x00", "x02"], firstN[1].FewShotIds);
    }

    [Fact]
    public void First_n_takes_the_train_items_in_the_datas_order_for_every_item()
    {
        var train = new List<BenchmarkItem> { Item("b"), Item("a"), Item("c") };
        var shots = FewShotSampler.Apply(Items("t", 3), train, new FewShotOptions(2, Seed: 9, FewShotSampling.FirstN));
        Assert.All(shots, s => Assert.Equal(["b", "a"], s.FewShotIds));
    }

    [Fact]
    public void Too_small_a_train_split_is_an_error_naming_the_setting()
    {
        var error = Assert.Throws<InputException>(() => FewShotSampler.Apply(Items("t", 1), Items("train", 2), new FewShotOptions(3, 1, Source: "p.yaml:9:5: benchmarks[0].num_fewshot")));
        Assert.StartsWith("p.yaml:9:5: benchmarks[0].num_fewshot: 3 few-shot examples asked for, but the train split has only 2 item(s)", error.Message, StringComparison.Ordinal);
        // k equal to the pool is not enough when the item itself is in the pool.
        Assert.Throws<InputException>(() => FewShotSampler.Apply(Items("x", 3), Items("x", 3), new FewShotOptions(3, 1)));
    }

    [Fact]
    public void Zero_shot_leaves_items_as_they_are()
    {
        var tests = Items("t", 2);
        Assert.Same(tests, FewShotSampler.Apply(tests, [], new FewShotOptions(0, 1)));
    }

    [Fact]
    public void The_prompt_format_draws_from_train_only_and_prefixes_calibration_and_test_not_train()
    {
        var (train, calibration, test) = (Items("train", 10), Items("calib", 3), Items("test", 5));
        var (outTrain, outCalibration, outTest) = new PromptFormat(new FewShotOptions(2, 3)).Apply(train, calibration, test);
        var trainIds = train.Select(i => i.Id).ToHashSet();
        Assert.Equal(train, outTrain);
        Assert.All(outCalibration.Concat(outTest), i => Assert.True(i.FewShotIds.Count == 2 && i.FewShotIds.All(trainIds.Contains)));
    }
}

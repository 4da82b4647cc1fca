using SvDecode.Eval.Data;
using SvDecode.Eval.Tests.Benchmarks;
using SvDecode.Eval.Tests.Support;
using Xunit;

namespace SvDecode.Eval.Tests.Data;

public sealed class BenchmarkSplitterTests
{
    private static BenchmarkItem Item(string id) => new() { Id = id, Prompt = "p " + id, WarmStart = new WarmStartExample("p", "t") };

    private static BenchmarkData Data(int test, int train = 0) => new()
    {
        Benchmark = "toy",
        Template = new TemplateInfo("toy", 1),
        Files = [],
        Splits = new Dictionary<string, IReadOnlyList<BenchmarkItem>>
        {
            ["test"] = Enumerable.Range(0, test).Select(i => Item($"toy:test:{i}")).ToList(),
            ["train"] = Enumerable.Range(0, train).Select(i => Item($"toy:train:{i}")).ToList(),
        },
    };

    [Fact]
    public void Question_level_split_is_80_20_with_a_10_percent_calibration_slice()
    {
        var plan = BenchmarkSplitter.Plan(Data(573), new SplitOptions());
        // round(0.8 * 573) = 458 train pool, 115 test; round(0.1 * 458) = 46 calibration, 412 warm-start.
        Assert.Equal((412, 46, 115), (plan.Train.Count, plan.Calibration.Count, plan.Test.Count));
        Assert.Equal(BenchmarkSplitter.QuestionLevel, plan.Manifest.Strategy);
        AssertDisjointAndComplete(plan, 573);
    }

    [Fact]
    public void Same_seed_same_split_whatever_the_input_order_other_seed_other_split()
    {
        var data = Data(200);
        var reversed = data with { Splits = new Dictionary<string, IReadOnlyList<BenchmarkItem>> { ["test"] = data.Split("test").Reverse().ToList() } };
        var a = BenchmarkSplitter.Plan(data, new SplitOptions { Seed = 5 });
        var b = BenchmarkSplitter.Plan(reversed, new SplitOptions { Seed = 5 });
        var c = BenchmarkSplitter.Plan(data, new SplitOptions { Seed = 6 });
        Assert.Equal(a.Manifest, b.Manifest);
        Assert.Equal(a.Test.Select(i => i.Id).Order(), b.Test.Select(i => i.Id).Order());
        Assert.NotEqual(a.Manifest.TestIdsSha256, c.Manifest.TestIdsSha256);
    }

    [Fact]
    public void Split_is_pinned_across_machines_and_runtimes()
    {
        // SplitMix64 is fully specified; these values are its published first outputs for seed 1234567.
        var rng = new SplitMix64(1234567);
        Assert.Equal(6457827717110365317UL, rng.Next());
        Assert.Equal(3203168211198807973UL, rng.Next());
    }

    [Fact]
    public void Changing_the_calibration_fraction_never_moves_the_test_set()
    {
        var a = BenchmarkSplitter.Plan(Data(300), new SplitOptions { CalibrationFraction = 0.1 });
        var b = BenchmarkSplitter.Plan(Data(300), new SplitOptions { CalibrationFraction = 0.3 });
        Assert.Equal(a.Manifest.TestIdsSha256, b.Manifest.TestIdsSha256);
        Assert.Equal(72, b.Calibration.Count); // the 240-item training pool × 0.3
    }

    [Fact]
    public void Provided_train_split_is_used_and_test_is_untouched()
    {
        var plan = BenchmarkSplitter.Plan(Data(test: 50, train: 100), new SplitOptions());
        Assert.Equal(BenchmarkSplitter.ProvidedTrain, plan.Manifest.Strategy);
        Assert.Equal(50, plan.Test.Count);
        Assert.Equal(Enumerable.Range(0, 50).Select(i => $"toy:test:{i}"), plan.Test.Select(i => i.Id));
        Assert.Equal((90, 10), (plan.Train.Count, plan.Calibration.Count));
        Assert.Empty(plan.Train.Select(i => i.Id).Intersect(plan.Calibration.Select(i => i.Id)));
        Assert.All(plan.Train.Concat(plan.Calibration), i => Assert.StartsWith("toy:train:", i.Id, StringComparison.Ordinal));
    }

    [Fact]
    public void Bad_fractions_and_missing_test_split_are_input_errors()
    {
        Assert.Throws<InputException>(() => BenchmarkSplitter.Plan(Data(10), new SplitOptions { TrainFraction = 1 }));
        Assert.Throws<InputException>(() => BenchmarkSplitter.Plan(Data(10), new SplitOptions { CalibrationFraction = -0.1 }));
        Assert.Contains("no items in the 'test' split", Assert.Throws<InputException>(() => BenchmarkSplitter.Plan(Data(0, 5), new SplitOptions())).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Merged_training_set_holds_every_suite_once()
    {
        var merged = BenchmarkSplitter.Merge([Data(3).Split("test"), Data(0, 4).Split("train")], seed: 1);
        Assert.Equal(7, merged.Count);
        Assert.Equal(merged.Select(i => i.Id), BenchmarkSplitter.Merge([Data(3).Split("test"), Data(0, 4).Split("train")], seed: 1).Select(i => i.Id));
        Assert.Throws<InputException>(() => BenchmarkSplitter.Merge([Data(3).Split("test"), Data(3).Split("test")], seed: 1));
    }

    [SharedFact("data/truthfulqa")]
    public void Truthfulqa_split_is_deterministic_and_disjoint()
    {
        var data = SharedBenchmarkData.Load("truthfulqa_mc");
        var first = BenchmarkSplitter.Plan(data, new SplitOptions());
        var second = BenchmarkSplitter.Plan(data, new SplitOptions());
        Assert.Equal(first.Manifest, second.Manifest);
        Assert.Equal((412, 46, 115), (first.Train.Count, first.Calibration.Count, first.Test.Count));
        AssertDisjointAndComplete(first, 573);
    }

    private static void AssertDisjointAndComplete(SplitPlan plan, int total)
    {
        var all = plan.Train.Concat(plan.Calibration).Concat(plan.Test).Select(i => i.Id).ToList();
        Assert.Equal(total, all.Count);
        Assert.Equal(total, all.Distinct().Count());
    }
}

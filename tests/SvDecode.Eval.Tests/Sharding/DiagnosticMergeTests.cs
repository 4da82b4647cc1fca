using SvDecode.Eval.Sharding;
using SvDecode.Eval.Steering;
using Xunit;

namespace SvDecode.Eval.Tests.Sharding;

public sealed class DiagnosticMergeTests
{
    [Fact]
    public void CountsAddUpTheKeptFractionIsRecomputedAndSliceIndependentValuesAgree()
    {
        // Two parts' steering totals, and what one process over both would have reported.
        var (a, b, whole) = (new SteeringDiagnostics(5003), new SteeringDiagnostics(5003), new SteeringDiagnostics(5003));
        a.Record(137, 4021, 40, 0, 0, 0);
        b.Record(211, 7019, 93, 1, 0, 0);
        whole.Record(137, 4021, 40, 0, 0, 0);
        whole.Record(211, 7019, 93, 1, 0, 0);
        IReadOnlyDictionary<string, double> Part(SteeringDiagnostics d, int items) => new Dictionary<string, double>
        {
            ["items_test"] = 30, ["mu_bar"] = 0.25, ["items_scored"] = items, ["steering_positions"] = 168,
            ["hard_ties_broken"] = items - 10, ["hard_all_masked"] = items - 13,
            ["steered_scoring_positions"] = d.Positions, ["steered_scoring_non_finite_positions"] = d.NonFinitePositions,
            ["steered_scoring_kept_fraction"] = d.KeptFraction,
            ["steered_scoring_multi_kept_positions"] = d.MultiKeptPositions, ["steered_scoring_multi_kept_share"] = d.MultiKeptShare,
            ["shard_steered_scoring_kept_tokens"] = d.KeptTokens, ["shard_vocab_size"] = d.VocabSize,
        };

        var merged = DiagnosticMerge.Combine([Part(a, 14), Part(b, 16)], "lora+svdecode / x");

        Assert.Equal(30, merged["items_scored"]);
        Assert.Equal(10, merged["hard_ties_broken"]);
        Assert.Equal(4, merged["hard_all_masked"]);
        Assert.Equal(30, merged["items_test"]);
        Assert.Equal(168, merged["steering_positions"]); // the steering stage's calibration count: not per slice
        Assert.Equal(348, merged["steered_scoring_positions"]);
        Assert.Equal(1, merged["steered_scoring_non_finite_positions"]);
        Assert.Equal(whole.KeptFraction, merged["steered_scoring_kept_fraction"]); // bit for bit
        Assert.Equal(133, merged["steered_scoring_multi_kept_positions"]);
        Assert.Equal(133 / 348.0, merged["steered_scoring_multi_kept_share"], 15); // not either part's share (0.29, 0.44)
        Assert.DoesNotContain(merged.Keys, k => k.StartsWith("shard_", StringComparison.Ordinal));
    }

    [Fact]
    public void TheJudgesMeanPYesIsWeightedByTheItemsOfEachPart()
    {
        // Part 1 scored 3 items with mean P(yes) 0.6, part 2 one item with 0.2: one process reports the mean of all four.
        var uneven = DiagnosticMerge.Combine(
            [new Dictionary<string, double> { ["items_scored"] = 3, ["judge_info_p_yes_mean"] = 0.6 },
             new Dictionary<string, double> { ["items_scored"] = 1, ["judge_info_p_yes_mean"] = 0.2 }],
            "lora / truthfulqa_gen");
        Assert.Equal((3 * 0.6 + 0.2) / 4, uneven["judge_info_p_yes_mean"], 12);
        Assert.Equal(4, uneven["items_scored"]);
    }

    [Fact]
    public void ASliceIndependentValueThatDiffersIsRefused()
    {
        var error = Assert.Throws<InputException>(() => DiagnosticMerge.Combine(
            [new Dictionary<string, double> { ["mu_bar"] = 0.25 }, new Dictionary<string, double> { ["mu_bar"] = 0.5 }], "lora+svdecode / x"));
        Assert.Contains("mu_bar", error.Message);
        Assert.Contains("lora+svdecode / x", error.Message);
    }
}

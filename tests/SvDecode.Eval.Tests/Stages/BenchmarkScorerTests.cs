using SvDecode.Eval.Data;
using SvDecode.Eval.Decoding;
using SvDecode.Eval.Scoring;
using SvDecode.Eval.Stages;
using SvDecode.Eval.Tokenization;
using SvDecode.Eval.Tests.Support;
using Xunit;

namespace SvDecode.Eval.Tests.Stages;

/// <summary>Benchmark-kind dispatch and metric bookkeeping of <see cref="BenchmarkScorer"/> on scripted scores.</summary>
public sealed class BenchmarkScorerTests
{
    /// <summary>Scores a continuation by its decoded text's entry in <paramref name="scores"/>; generates <paramref name="answer"/>.</summary>
    private sealed class ScriptedModel(Dictionary<string, double> scores, string answer) : ILanguageModel
    {
        private static readonly CodePointTokenizer Tokenizer = new(201, modulus: 200, offset: 1);

        public int VocabSize => 201;

        public IReadOnlyList<LogLikelihoodResult> LogLikelihood(IReadOnlyList<LogLikelihoodRequest> requests, CancellationToken cancellationToken = default) =>
            [.. requests.Select(r => new LogLikelihoodResult([], scores[Tokenizer.Decode(r.ContinuationIds)], false))];

        public IReadOnlyList<GenerationResult> Generate(IReadOnlyList<GenerationRequest> requests, CancellationToken cancellationToken = default) =>
            [.. requests.Select(_ => new GenerationResult(Tokenizer.Encode(answer), answer, StopReason.MaxNewTokens))];
    }

    private static BenchmarkItem Item(string id, params string[] choices) => new()
    {
        Id = id,
        Prompt = "Q?",
        Choices = choices,
        ChoiceTexts = choices,
        AnswerLabels = [.. choices.Select((_, i) => $"answer{i + 1}")],
        GoldIndex = 0,
        Mc1 = new McTargets(choices, choices, [1, .. choices.Skip(1).Select(_ => 0)]),
        Mc2 = new McTargets(choices, choices, [1, 1, .. choices.Skip(2).Select(_ => 0)]),
        References = new GenerationReferences("the sky is blue", ["the sky is blue"], ["the sky is green"]),
        WarmStart = new WarmStartExample("Q?", " a"),
    };

    private static readonly Dictionary<string, double> Scores = new() { [" a"] = -1, [" b"] = -2, [" c"] = -0.5, [" dd"] = -3 };

    private static BenchmarkScorer Scorer(string answer = "the correct answer is answer1") =>
        new(new CodePointTokenizer(201, modulus: 200, offset: 1), new ScriptedModel(Scores, answer), new ScriptedModel(Scores, answer), null, new GenerationOptions());

    [Fact]
    public void TruthfulQaItemsGiveTheFourMcMetricsWithPerItemValues()
    {
        var scorer = Scorer();
        scorer.Score([Item("q1", " a", " b", " c"), Item("q2", " c", " a", " dd")], generateMode: false, openEnded: false, CancellationToken.None);

        Assert.Equal(["mc1", "mc2", "mc3", "mc_avg"], scorer.Metrics.Select(m => m.Name));
        // q1: gold -1 loses to -0.5 → MC1 0; q2: gold -0.5 beats all → MC1 1.
        Assert.Equal([0.0, 1.0], scorer.ItemScores.Single(s => s.Metric == "mc1").Values);
        Assert.Equal(0.5, scorer.Metrics[0].Mean);
        Assert.Equal(["q1", "q2"], scorer.Outputs.Select(o => o.Id));
    }

    [Fact]
    public void OpenEndedBenchmarksScoreGenerationsAgainstReferences()
    {
        var scorer = Scorer("the sky is blue");
        scorer.Score([Item("q1", " a", " b", " c")], generateMode: false, openEnded: true, CancellationToken.None);

        Assert.Equal(["bleu_diff", "bleu_acc", "rouge1_diff", "rouge1_acc", "rouge2_diff", "rouge2_acc", "rougeL_diff", "rougeL_acc"], scorer.Metrics.Select(m => m.Name));
        Assert.All(scorer.Metrics.Where(m => m.Name.EndsWith("_acc", StringComparison.Ordinal)), m => Assert.Equal(1.0, m.Mean));
        Assert.Equal("the sky is blue", scorer.Outputs.Single().Generated);
    }

    [Fact]
    public void GenerateModeParsesTheAnswerLabelAndCountsUnparsable()
    {
        var items = new[] { Item("q1", " a", " b") with { Mc1 = null, Mc2 = null }, Item("q2", " b", " a") with { Mc1 = null, Mc2 = null, GoldIndex = 1 } };
        var scorer = Scorer();
        scorer.Score(items, generateMode: true, openEnded: false, CancellationToken.None);
        Assert.Equal([1.0, 0.0], scorer.ItemScores.Single(s => s.Metric == "gen_acc").Values);
        Assert.Equal(0.0, scorer.Metrics.Single(m => m.Name == "unparsable").Mean);

        var silent = Scorer("no idea");
        silent.Score(items, generateMode: true, openEnded: false, CancellationToken.None);
        Assert.Equal(1.0, silent.Metrics.Single(m => m.Name == "unparsable").Mean);
        Assert.Equal(0.0, silent.Metrics.Single(m => m.Name == "gen_acc").Mean);
    }

    [Fact]
    public void LogLikelihoodModeGivesAccAndAccNorm()
    {
        var items = new[] { Item("q1", " a", " dd") with { Mc1 = null, Mc2 = null }, Item("q2", " b", " c") with { Mc1 = null, Mc2 = null } };
        var scorer = Scorer();
        scorer.Score(items, generateMode: false, openEnded: false, CancellationToken.None);
        Assert.Equal([1.0, 0.0], scorer.ItemScores.Single(s => s.Metric == "acc").Values);
        Assert.Equal(["acc", "acc_norm"], scorer.Metrics.Select(m => m.Name));
        Assert.Equal(0, scorer.TiesBroken);
    }
}

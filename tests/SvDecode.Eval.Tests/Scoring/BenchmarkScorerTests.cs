using SvDecode.Eval.Data;
using SvDecode.Eval.Decoding;
using SvDecode.Eval.Metrics;
using SvDecode.Eval.Scoring;
using SvDecode.Eval.Tests.Support;
using SvDecode.Eval.Tokenization;
using Xunit;

namespace SvDecode.Eval.Tests.Scoring;

/// <summary>Scoring-kind dispatch and metric bookkeeping of <see cref="BenchmarkScorer"/> on scripted scores.</summary>
public sealed class BenchmarkScorerTests
{
    /// <summary>The jsonl benchmark's declared kinds: the first that every item supports is used.</summary>
    private static readonly ScoringKind[] Jsonl = [ScoringKind.TruthfulQaMc, ScoringKind.MultipleChoice, ScoringKind.OpenEnded];

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
        scorer.Score([Item("q1", " a", " b", " c"), Item("q2", " c", " a", " dd")], generateMode: false, kinds: Jsonl, CancellationToken.None);

        Assert.Equal(["mc1", "mc2", "mc3", "mc_avg"], scorer.Metrics.Select(m => m.Name));
        // q1: gold -1 loses to -0.5 → MC1 0; q2: gold -0.5 beats all → MC1 1.
        Assert.Equal([0.0, 1.0], scorer.ItemScores.Single(s => s.Metric == "mc1").Values);
        Assert.Equal(0.5, scorer.Metrics[0].Mean);
        Assert.Equal(["q1", "q2"], scorer.Outputs.Select(o => o.DocId));
        Assert.All(scorer.Outputs, o => Assert.Equal("truthfulqa_mc", o.Scoring));
        Assert.Equal([" a", " b", " c"], scorer.Outputs[0].Mc1!.Choices);
        Assert.Null(scorer.Outputs[0].Mc1!.UnsteeredLoglikelihoods); // an unsteered model has no second set
    }

    [Fact]
    public void OpenEndedBenchmarksScoreGenerationsAgainstReferences()
    {
        var scorer = Scorer("the sky is blue");
        scorer.Score([Item("q1", " a", " b", " c")], generateMode: false, kinds: [ScoringKind.OpenEnded], CancellationToken.None);

        Assert.Equal(["bleu_diff", "bleu_acc", "rouge1_diff", "rouge1_acc", "rouge2_diff", "rouge2_acc", "rougeL_diff", "rougeL_acc"], scorer.Metrics.Select(m => m.Name));
        Assert.All(scorer.Metrics.Where(m => m.Name.EndsWith("_acc", StringComparison.Ordinal)), m => Assert.Equal(1.0, m.Mean));
        Assert.Equal("the sky is blue", scorer.Outputs.Single().Generated);
    }

    [Fact]
    public void GenerateModeParsesTheAnswerLabelAndCountsUnparsable()
    {
        var items = new[] { Item("q1", " a", " b") with { Mc1 = null, Mc2 = null }, Item("q2", " b", " a") with { Mc1 = null, Mc2 = null, GoldIndex = 1 } };
        var scorer = Scorer();
        scorer.Score(items, generateMode: true, kinds: Jsonl, CancellationToken.None);
        Assert.Equal([1.0, 0.0], scorer.ItemScores.Single(s => s.Metric == "gen_acc").Values);
        Assert.Equal(0.0, scorer.Metrics.Single(m => m.Name == "unparsable").Mean);

        var silent = Scorer("no idea");
        silent.Score(items, generateMode: true, kinds: Jsonl, CancellationToken.None);
        Assert.Equal(1.0, silent.Metrics.Single(m => m.Name == "unparsable").Mean);
        Assert.Equal(0.0, silent.Metrics.Single(m => m.Name == "gen_acc").Mean);
    }

    private const double Out = double.NegativeInfinity;

    /// <summary>Hard-mask steered scores: " b", " c" and every answer of the second item left the mask.</summary>
    private static readonly Dictionary<string, double> Steered = new()
    {
        [" a"] = -1, [" b"] = Out, [" c"] = Out, [" x"] = Out, [" y"] = Out, [" z"] = Out,
    };

    private static readonly Dictionary<string, double> Unsteered = new()
    {
        [" a"] = -2, [" b"] = -1, [" c"] = -3, [" x"] = -3, [" y"] = -1, [" z"] = -2,
    };

    private static BenchmarkScorer HardMaskScorer() =>
        new(new CodePointTokenizer(201, modulus: 200, offset: 1), new ScriptedModel(Steered, ""), new ScriptedModel(Steered, ""),
            new ScriptedModel(Unsteered, ""), new GenerationOptions());

    [Fact]
    public void HardMaskTruthfulQaBreaksMinusInfinityTiesAndScoresAllMaskedItemsUnsteered()
    {
        var scorer = HardMaskScorer();
        // q1: " a" kept (true), " b" out (true), " c" out (false). q2: every answer out.
        scorer.Score([Item("q1", " a", " b", " c"), Item("q2", " x", " y", " z")], generateMode: false, kinds: Jsonl, CancellationToken.None);

        Assert.All(scorer.Metrics, m => Assert.True(double.IsFinite(m.Mean), $"{m.Name} is {m.Mean}"));
        double Value(string metric, int item) => scorer.ItemScores.Single(s => s.Metric == metric).Values[item];
        // q1: MC1 1 (gold kept); MC2 1 (only " a" has mass); MC3 1: " b" and " c" tie at −∞ and unsteered −1 > −3.
        Assert.Equal([1.0, 1.0, 1.0], new[] { Value("mc1", 0), Value("mc2", 0), Value("mc3", 0) });
        // q2: exactly the unsteered scores' MC1/2/3.
        var unsteered = TruthfulQaMc.Score([-3.0, -1.0, -2.0], [-3.0, -1.0, -2.0], [1, 1, 0]);
        Assert.Equal([unsteered.Mc1, unsteered.Mc2, unsteered.Mc3], new[] { Value("mc1", 1), Value("mc2", 1), Value("mc3", 1) });
        Assert.Equal(2, scorer.TiesBroken);
        Assert.Equal(1, scorer.AllMasked);
        Assert.Equal([true, true], scorer.Outputs.Select(o => o.TieBroken));
        Assert.Equal([Out, Out, Out], scorer.Outputs[1].Mc1!.Loglikelihoods);   // the steered scores stay on record
    }

    [Fact]
    public void HardMaskAccAndAccNormApplyTheSameRule()
    {
        var items = new[]
        {
            Item("m1", " a", " b", " c") with { Mc1 = null, Mc2 = null },                     // only the gold kept
            Item("m2", " x", " y", " z") with { Mc1 = null, Mc2 = null, GoldIndex = 1 },      // all out: unsteered " y"
        };
        var scorer = HardMaskScorer();
        scorer.Score(items, generateMode: false, kinds: Jsonl, CancellationToken.None);

        Assert.Equal([1.0, 1.0], scorer.ItemScores.Single(s => s.Metric == "acc").Values);
        Assert.Equal([1.0, 1.0], scorer.ItemScores.Single(s => s.Metric == "acc_norm").Values);
        Assert.Equal([0, 1], scorer.Outputs.Select(o => o.Prediction));
        Assert.Equal([false, true], scorer.Outputs.Select(o => o.TieBroken));
        Assert.Equal(1, scorer.TiesBroken);
        Assert.Equal(1, scorer.AllMasked);
    }

    [Fact]
    public void LogLikelihoodModeGivesAccAndAccNorm()
    {
        var items = new[] { Item("q1", " a", " dd") with { Mc1 = null, Mc2 = null }, Item("q2", " b", " c") with { Mc1 = null, Mc2 = null } };
        var scorer = Scorer();
        scorer.Score(items, generateMode: false, kinds: Jsonl, CancellationToken.None);
        Assert.Equal([1.0, 0.0], scorer.ItemScores.Single(s => s.Metric == "acc").Values);
        Assert.Equal(["acc", "acc_norm"], scorer.Metrics.Select(m => m.Name));
        Assert.Equal(0, scorer.TiesBroken);
    }

    [Fact]
    public void TheDeclaredKindDecidesNotTheItemsShape()
    {
        // The items carry TruthfulQA targets, choices and references; a benchmark declared multiple choice gets acc.
        var scorer = Scorer();
        scorer.Score([Item("q1", " a", " b", " c")], generateMode: false, kinds: [ScoringKind.MultipleChoice], CancellationToken.None);

        Assert.Equal(["acc", "acc_norm"], scorer.Metrics.Select(m => m.Name));
    }

    [Fact]
    public void ItemsThatLackWhatEveryDeclaredKindNeedsAreRefusedByName()
    {
        var items = new[] { Item("q1", " a", " b"), Item("q2", " c", " a") with { References = null } };

        var error = Assert.Throws<InputException>(() => Scorer().Score(items, generateMode: false, kinds: [ScoringKind.OpenEnded], CancellationToken.None));

        Assert.Equal("Benchmark items such as 'q2' cannot be scored as OpenEnded: every item needs reference answers.", error.Message);
    }
}

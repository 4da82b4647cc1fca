using SvDecode.Eval.Calibration;
using SvDecode.Eval.Data;
using SvDecode.Eval.Decoding;
using SvDecode.Eval.Metrics;
using SvDecode.Eval.Progress;
using SvDecode.Eval.Tokenization;

namespace SvDecode.Eval.Scoring;

/// <summary>
/// Scores test items by the benchmark's declared <see cref="ScoringKind"/> (method.md §6), on whatever language models
/// it is given (plain adapted, or steered): TruthfulQA MC → mc1/mc2/mc3/mc_avg; multiple choice → acc/acc_norm
/// (log-likelihood) or gen_acc + unparsable (generate and parse); open-ended generation → reference metrics. Collects metrics with standard
/// errors, per-item values and per-item outputs, and reports the items done to <paramref name="progress"/> under
/// <paramref name="label"/>.
/// </summary>
public sealed class BenchmarkScorer(
    ITextTokenizer tokenizer,
    ILanguageModel scoring,
    ILanguageModel generation,
    ILanguageModel? unsteeredForTies,
    GenerationOptions generationOptions,
    IRunProgress? progress = null,
    string label = "score")
{
    public List<MetricSummary> Metrics { get; } = [];

    public List<ItemScores> ItemScores { get; } = [];

    public List<ItemOutput> Outputs { get; } = [];

    /// <summary>The generated answers when the items were scored as open-ended generation (parallel to the items),
    /// for an LLM judge; null for every other kind of scoring.</summary>
    public IReadOnlyList<string>? OpenEndedAnswers { get; private set; }

    /// <summary>Hard-mode scoring: how many items the unsteered scores decided (a tie on the steered score that a
    /// metric compared, or an answer set that left the mask entirely).</summary>
    public int TiesBroken { get; private set; }

    /// <summary>Hard-mode scoring: how many items had every answer leave the mask, and so were scored unsteered for
    /// every metric (method.md §9).</summary>
    public int AllMasked { get; private set; }

    /// <param name="kinds">The benchmark's declared scoring kinds, in order of preference: the first that every item
    /// supports is used.</param>
    public void Score(IReadOnlyList<BenchmarkItem> items, bool generateMode, IReadOnlyList<ScoringKind> kinds, CancellationToken cancellationToken)
    {
        if (items.Count == 0)
        {
            return;
        }
        var kind = kinds.Cast<ScoringKind?>().FirstOrDefault(k => items.All(i => Supports(i, k!.Value)))
            ?? throw new InputException(
                $"Benchmark items such as '{Unscorable(items, kinds).Id}' cannot be scored as {string.Join(" or ", kinds)}: " +
                $"every item needs {string.Join(" or ", kinds.Select(Needs))}{(kinds.Count > 1 ? ", all items the same" : "")}.");
        switch (kind)
        {
            case ScoringKind.TruthfulQaMc:
                TruthfulQa(items, cancellationToken);
                break;
            case ScoringKind.MultipleChoice when generateMode:
                GenerateAndParse(items, cancellationToken);
                break;
            case ScoringKind.MultipleChoice:
                MultipleChoice(items, cancellationToken);
                break;
            default:
                OpenEnded(items, cancellationToken);
                break;
        }
    }

    /// <summary>Whether an item carries what a kind of scoring needs.</summary>
    public static bool Supports(BenchmarkItem item, ScoringKind kind) => kind switch
    {
        ScoringKind.TruthfulQaMc => item.Mc1 is not null && item.Mc2 is not null,
        ScoringKind.MultipleChoice => item.Choices.Count > 0,
        _ => item.References is not null,
    };

    /// <summary>An item no declared kind fits, or else one that does not fit the kind the first item would get.</summary>
    private static BenchmarkItem Unscorable(IReadOnlyList<BenchmarkItem> items, IReadOnlyList<ScoringKind> kinds) =>
        items.FirstOrDefault(i => !kinds.Any(k => Supports(i, k)))
            ?? items.First(i => !Supports(i, kinds.First(k => Supports(items[0], k))));

    private static string Needs(ScoringKind kind) => kind switch
    {
        ScoringKind.TruthfulQaMc => "TruthfulQA MC1/MC2 targets",
        ScoringKind.MultipleChoice => "choices",
        _ => "reference answers",
    };

    private List<LogLikelihoodRequest> Requests(BenchmarkItem item, IReadOnlyList<string> continuations) =>
        [.. continuations.Select(c => CalibrationExample.FromText(tokenizer, item.Prompt, c)).Select(e => new LogLikelihoodRequest(e.PromptIds, Nonempty(e.TargetIds, item.Id)))];

    private static IReadOnlyList<int> Nonempty(IReadOnlyList<int> ids, string itemId) =>
        ids.Count > 0 ? ids : throw new InputException($"item {itemId}: a choice encodes to no tokens and cannot be scored.");

    private void TruthfulQa(IReadOnlyList<BenchmarkItem> items, CancellationToken cancellationToken)
    {
        // Per item two answer sets, mc1 then mc2.
        var questions = items.SelectMany(i => new[] { Requests(i, i.Mc1!.Continuations), Requests(i, i.Mc2!.Continuations) }).ToList();
        IReadOnlyList<ScoredAnswers> answers;
        using (var task = progress?.Start($"{label} (log-likelihood)", items.Count))
        {
            answers = new SteeredChoiceScorer(scoring, unsteeredForTies).Score(questions, Tracker(task, items.Select(i => i.Mc1!.Continuations.Count + i.Mc2!.Continuations.Count)), cancellationToken);
        }
        var perQuestion = new List<TruthfulQaMcScores>();
        for (var k = 0; k < items.Count; k++)
        {
            var (mc1, mc2, labels) = (answers[2 * k].Ranking, answers[2 * k + 1].Ranking, items[k].Mc2!.Labels);
            perQuestion.Add(TruthfulQaMc.Score(mc1, mc2, labels));
            var tieBroken = TruthfulQaMc.TieBreakDecides(mc1, mc2, labels);
            Count(tieBroken, mc1.AllMasked && mc2.AllMasked);
            Outputs.Add(Output(items[k], "truthfulqa_mc", tieBroken) with
            {
                Mc1 = new ItemAnswerSet(items[k].Mc1!.Continuations, items[k].Mc1!.Labels, mc1.Scores, answers[2 * k].Unsteered),
                Mc2 = new ItemAnswerSet(items[k].Mc2!.Continuations, labels, mc2.Scores, answers[2 * k + 1].Unsteered),
            });
        }
        Metrics.AddRange(TruthfulQaMc.Summarise(perQuestion));
        AddItems(items, MetricRegistry.Mc1, perQuestion.Select(s => s.Mc1));
        AddItems(items, MetricRegistry.Mc2, perQuestion.Select(s => s.Mc2));
        AddItems(items, MetricRegistry.Mc3, perQuestion.Select(s => s.Mc3));
        AddItems(items, MetricRegistry.McAvg, perQuestion.Select(s => s.Average));
    }

    private void MultipleChoice(IReadOnlyList<BenchmarkItem> items, CancellationToken cancellationToken)
    {
        IReadOnlyList<ScoredAnswers> answers;
        using (var task = progress?.Start($"{label} (log-likelihood)", items.Count))
        {
            answers = new SteeredChoiceScorer(scoring, unsteeredForTies).Score([.. items.Select(i => Requests(i, i.Choices))], Tracker(task, items.Select(i => i.Choices.Count)), cancellationToken);
        }
        var acc = new double[items.Count];
        var accNorm = new double[items.Count];
        for (var k = 0; k < items.Count; k++)
        {
            var (choices, gold) = (answers[k].Ranking, items[k].GoldIndex);
            var normalised = ChoiceAccuracy.Normalised(choices, items[k].Choices);
            acc[k] = ChoiceAccuracy.Acc(choices, gold);
            accNorm[k] = ChoiceAccuracy.Acc(normalised, gold);
            var tieBroken = choices.TieBreakDecidesBest() || normalised.TieBreakDecidesBest();
            Count(tieBroken, choices.AllMasked);
            Outputs.Add(Output(items[k], "multiple_choice", tieBroken) with
            {
                Choices = items[k].Choices,
                Target = gold,
                Loglikelihoods = choices.Scores,
                UnsteeredLoglikelihoods = answers[k].Unsteered,
                Prediction = choices.Best(),
                UnsteeredPrediction = answers[k].UnsteeredBest,
            });
        }
        Metrics.Add(MetricSummary.Of(MetricRegistry.Acc, acc));
        Metrics.Add(MetricSummary.Of(MetricRegistry.AccNorm, accNorm));
        AddItems(items, MetricRegistry.Acc, acc);
        AddItems(items, MetricRegistry.AccNorm, accNorm);
    }

    private void Count(bool tieBroken, bool allMasked)
    {
        TiesBroken += tieBroken ? 1 : 0;
        AllMasked += allMasked ? 1 : 0;
    }

    private void GenerateAndParse(IReadOnlyList<BenchmarkItem> items, CancellationToken cancellationToken)
    {
        var texts = Generate(items, cancellationToken);
        var correct = new double[items.Count];
        var unparsable = new double[items.Count];
        for (var k = 0; k < items.Count; k++)
        {
            var labels = items[k].AnswerLabels.Count > 0 ? items[k].AnswerLabels : items[k].ChoiceTexts;
            var parsed = new AnswerParser(labels).Parse(texts[k]);
            correct[k] = parsed == items[k].GoldIndex ? 1 : 0;
            unparsable[k] = parsed is null ? 1 : 0;
            Outputs.Add(Output(items[k], "generate", false) with
            {
                Choices = items[k].Choices,
                Target = items[k].GoldIndex,
                Prediction = parsed,
                Generated = texts[k],
            });
        }
        Metrics.Add(MetricSummary.Of(MetricRegistry.GenAcc, correct));
        Metrics.Add(MetricSummary.Of(MetricRegistry.Unparsable, unparsable));
        AddItems(items, MetricRegistry.GenAcc, correct);
        AddItems(items, MetricRegistry.Unparsable, unparsable);
    }

    private void OpenEnded(IReadOnlyList<BenchmarkItem> items, CancellationToken cancellationToken)
    {
        var texts = Generate(items, cancellationToken);
        OpenEndedAnswers = texts;
        var scores = items.Select((item, k) => ReferenceMetrics.Score(texts[k], item.References!.Correct, item.References.Incorrect)).ToList();
        foreach (var (name, pick) in new (string, Func<TruthfulQaReferenceScores, ReferenceScore>)[]
                 { ("bleu", s => s.Bleu), ("rouge1", s => s.Rouge1), ("rouge2", s => s.Rouge2), ("rougeL", s => s.RougeL) })
        {
            var diff = scores.Select(s => pick(s).Diff).ToArray();
            var acc = scores.Select(s => pick(s).Acc).ToArray();
            Metrics.Add(MetricSummary.Of($"{name}_diff", diff));
            Metrics.Add(MetricSummary.Of($"{name}_acc", acc));
            AddItems(items, $"{name}_diff", diff);
            AddItems(items, $"{name}_acc", acc);
        }
        Outputs.AddRange(items.Select((item, k) => Output(item, "open_ended", false) with { References = item.References!.Correct, Generated = texts[k] }));
    }

    private string[] Generate(IReadOnlyList<BenchmarkItem> items, CancellationToken cancellationToken)
    {
        var requests = items.Select(i => new GenerationRequest(CalibrationExample.FromText(tokenizer, i.Prompt, "").PromptIds, generationOptions)).ToList();
        using var task = progress?.Start($"{label} (generation)", items.Count);
        return [.. generation.Generate(requests, Tracker(task, items.Select(_ => 1)), cancellationToken).Select(r => r.Text ?? tokenizer.Decode(r.TokenIds, skipSpecialTokens: true))];
    }

    /// <summary>The progress callback of one scoring pass: items done as their requests finish; null without a task.</summary>
    private static Action<IReadOnlyList<int>>? Tracker(IProgressTask? task, IEnumerable<int> requestsPerItem) =>
        task is null ? null : new ItemProgress(task, [.. requestsPerItem]).Finished;

    /// <summary>An item's output with what every kind of scoring logs; the caller adds what its kind produced.</summary>
    private static ItemOutput Output(BenchmarkItem item, string scoring, bool tieBroken) =>
        new(item.Id, item.Group, scoring, item.Prompt, null, null, null, null, null, null, null, null, null, null, tieBroken);

    private void AddItems(IReadOnlyList<BenchmarkItem> items, string metric, IEnumerable<double> values) =>
        ItemScores.Add(new ItemScores(metric, [.. items.Select(i => i.Id)], [.. values]));
}

using System.Diagnostics;
using SvDecode.Eval.Peft;
using SvDecode.Eval.Pipeline.Spec;
using SvDecode.Eval.Scoring;
using SvDecode.Eval.Steering;

namespace SvDecode.Eval.Tool.Bench;

/// <summary>
/// Multiple-choice scoring with SVDecode as the scoring stage runs it: a fresh LoRA adapter (the warm-start stage's
/// default config, random weights: only cost is measured) on the batched base+adapted pair, soft mask, through
/// <see cref="SteeredChoiceScorer"/>. Interleaved with it, the same workload with the steering transform taken out
/// (<see cref="UnsteeredPairSessionFactory"/>). Where the steered time goes: the pair's forward and the LM head's logit
/// chunks (timed inside each pass by <see cref="TimedPairSession"/>), the steering arithmetic (what the steered pass
/// spends beside forward and head, minus what the unsteered pass does) and the rest (log-softmax and picks of the
/// steered and reference scores, batching: the unsteered pass's time beside forward and head).
/// </summary>
public sealed class SteeredScoringMeasurement : IBenchMeasurement
{
    public string Name => "steered_scoring";

    public IEnumerable<BenchFigure> Measure(BenchModelContext context, CancellationToken cancellationToken)
    {
        var workload = ScoringWorkload.Create(context.Suite.ScoringItems, context.Shape.Vocab, context.Suite.Seed);
        var questions = workload.Items.Select(i => new ScoringWorkload([i]).Requests()).ToList();
        var requests = workload.RequestCount;
        var config = new WarmStartSettings().ConfigFor(PeftMethod.Lora, context.Model.Config, context.ModelDirectory);
        using var adapter = PeftAdapters.Create(context.Model, config, seed: context.Suite.Seed);
        var times = new PairTimes();
        var vocab = context.Model.Config.VocabSize;
        var steered = new SteeredChoiceScorer(new SessionLanguageModel(new SteeredSessionFactory(
            () => new TimedPairSession(adapter.OpenPair(PairForward.Batched), times), vocab, mu: 1.0, SteeringOptions.ForScoring)));
        var unsteered = new SteeredChoiceScorer(new SessionLanguageModel(new UnsteeredPairSessionFactory(
            () => new TimedPairSession(adapter.OpenPair(PairForward.Batched), times), vocab)));

        // Per sample: the pass's seconds and what of it the pair's forward and head took; the remainder is the
        // session's and scorer's own work (steering, log-softmax, picks).
        var steeredParts = new List<PassParts>();
        var unsteeredParts = new List<PassParts>();
        var (unsteeredSeconds, steeredSeconds, ratio) = BenchTimer.Interleaved(
            () => Time(unsteered, questions, times, unsteeredParts, cancellationToken),
            () => Time(steered, questions, times, steeredParts, cancellationToken),
            context.Suite.Iterations,
            warmUp: () =>
            {
                unsteered.Score(questions[..1], cancellationToken);
                steered.Score(questions[..1], cancellationToken);
            },
            context.Suite.WarmUpSeconds);

        var forward = BenchTimer.Median(steeredParts.Select(p => p.Forward));
        var head = BenchTimer.Median(steeredParts.Select(p => p.Head));
        // The steering arithmetic is the difference of the two passes' remainders rather than of their totals: the
        // forward, most of the time and most of the noise of a shared machine, drops out of the difference.
        var rest = BenchTimer.Median(unsteeredParts.Select(p => p.Remainder));
        var steering = BenchTimer.Median(steeredParts.Select(p => p.Remainder)) - rest;
        var name = $"{context.Prefix}steered_scoring.";
        var note = $"{workload.Items.Count} items, {requests} answers, LoRA, batched pair, soft mask";
        return
        [
            new BenchFigure(name + "requests_per_s", requests / steeredSeconds, "requests/s", note),
            new BenchFigure(name + "unsteered_pair.requests_per_s", requests / unsteeredSeconds, "requests/s", "the same pair and passes, the adapted logits unsteered"),
            new BenchFigure(name + "cost_ratio", ratio, "ratio", "median over interleaved pairs of steered time / unsteered-pair time"),
            new BenchFigure(name + "seconds", steeredSeconds, "s", "one steered pass over the workload (median)"),
            .. Part(name + "split.forward", forward, steeredSeconds, "the pair's transformer forward, base and adapted rows, KV reorders"),
            .. Part(name + "split.head", head, steeredSeconds, "the LM head over the logit chunks asked for, both rows, to float32"),
            .. Part(name + "split.steering", steering, steeredSeconds, "δ, confidence mask, ẑ, diagnostics: the steered pass's time beside forward and head, minus the unsteered pass's"),
            .. Part(name + "split.rest", rest, steeredSeconds, "log-softmax and picks of steered and reference scores, batching"),
        ];
    }

    private static IEnumerable<BenchFigure> Part(string name, double seconds, double total, string note) =>
    [
        new BenchFigure(name + ".seconds", seconds, "s", note),
        new BenchFigure(name + ".fraction", seconds / total, "fraction", "of the steered pass"),
    ];

    /// <summary>One pass of <paramref name="scorer"/> over the questions: its seconds, with its parts added to <paramref name="parts"/>.</summary>
    private static double Time(SteeredChoiceScorer scorer, IReadOnlyList<IReadOnlyList<LogLikelihoodRequest>> questions, PairTimes times, List<PassParts> parts, CancellationToken cancellationToken)
    {
        times.Reset();
        var start = Stopwatch.GetTimestamp();
        scorer.Score(questions, cancellationToken);
        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        parts.Add(new PassParts(times.ForwardSeconds, times.HeadSeconds, seconds - times.ForwardSeconds - times.HeadSeconds));
        return seconds;
    }

    private sealed record PassParts(double Forward, double Head, double Remainder);
}

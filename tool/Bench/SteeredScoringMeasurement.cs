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
/// chunks (timed inside the steered passes by <see cref="TimedPairSession"/>), the steering arithmetic (steered minus
/// unsteered time, from the median per-pair ratio) and the rest (log-softmax and picks of both scores, batching).
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
            () => adapter.OpenPair(PairForward.Batched), vocab)));

        var parts = new List<(double Forward, double Head)>();
        var (unsteeredSeconds, steeredSeconds, ratio) = BenchTimer.Interleaved(
            () => Time(() => unsteered.Score(questions, cancellationToken)),
            () =>
            {
                times.Reset();
                var seconds = Time(() => steered.Score(questions, cancellationToken));
                parts.Add((times.ForwardSeconds, times.HeadSeconds));
                return seconds;
            },
            context.Suite.Iterations,
            warmUp: () =>
            {
                unsteered.Score(questions[..1], cancellationToken);
                steered.Score(questions[..1], cancellationToken);
            },
            context.Suite.WarmUpSeconds);

        var forward = BenchTimer.Median(parts.Select(p => p.Forward));
        var head = BenchTimer.Median(parts.Select(p => p.Head));
        // From the per-pair ratio rather than the difference of medians: a slow stretch of the shared machine that hits
        // one sample moves the ratio of its pair less.
        var steering = steeredSeconds * (1 - 1 / ratio);
        var rest = steeredSeconds - forward - head - steering;
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
            .. Part(name + "split.steering", steering, steeredSeconds, "δ, confidence mask, ẑ, diagnostics: steered − unsteered-pair time"),
            .. Part(name + "split.rest", rest, steeredSeconds, "log-softmax and picks of steered and reference scores, batching"),
        ];
    }

    private static IEnumerable<BenchFigure> Part(string name, double seconds, double total, string note) =>
    [
        new BenchFigure(name + ".seconds", seconds, "s", note),
        new BenchFigure(name + ".fraction", seconds / total, "fraction", "of the steered pass"),
    ];

    private static double Time(Action action)
    {
        var start = Stopwatch.GetTimestamp();
        action();
        return Stopwatch.GetElapsedTime(start).TotalSeconds;
    }
}

using SvDecode.Eval.Decoding;
using SvDecode.Eval.Scoring;

namespace SvDecode.Eval.Tool.Bench;

/// <summary>
/// Multiple-choice scoring through <see cref="SessionLanguageModel"/>: all answers of the workload in one call (each
/// context runs once and its KV state is shared by its answers), against one call per answer (the context is run again
/// for every answer; skipped where the suite says so). requests/s counts scored answers.
/// </summary>
public sealed class ScoringMeasurement : IBenchMeasurement
{
    public string Name => "scoring";

    public IEnumerable<BenchFigure> Measure(BenchModelContext context, CancellationToken cancellationToken)
    {
        var workload = ScoringWorkload.Create(context.Suite.ScoringItems, context.Shape.Vocab, context.Suite.Seed);
        var requests = workload.Requests();
        var model = new SessionLanguageModel(new ModelLogitsSessionFactory(context.Model));
        var firstItem = new ScoringWorkload([workload.Items[0]]).Requests();
        var shared = BenchTimer.MedianSeconds(() => model.LogLikelihood(requests, cancellationToken), context.Suite.Iterations,
            warmUp: () => model.LogLikelihood(firstItem, cancellationToken), context.Suite.WarmUpSeconds);
        var name = $"{context.Prefix}scoring.";
        var note = $"{workload.Items.Count} items, {requests.Count} answers";
        var sharedFigure = new BenchFigure(name + "shared_context.requests_per_s", requests.Count / shared, "requests/s", note);
        if (!context.Suite.ScorePerAnswer)
        {
            return [sharedFigure];
        }
        // One pass of the slow way is already ~50 forwards (the shared passes have warmed every kernel up): a single
        // timed pass keeps the suite inside its time budget on the 134M model.
        var separate = BenchTimer.MedianSeconds(() =>
        {
            foreach (var request in requests)
            {
                model.LogLikelihood([request], cancellationToken);
            }
        }, iterations: 1, warmUp: static () => { });
        return
        [
            sharedFigure,
            new BenchFigure(name + "per_answer.requests_per_s", requests.Count / separate, "requests/s", note),
            new BenchFigure(name + "shared_context_speedup", separate / shared, "ratio"),
        ];
    }
}

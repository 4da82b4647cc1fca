using SvDecode.Eval.Decoding;

namespace SvDecode.Eval.Performance;

/// <summary>
/// Steered versus plain greedy decode for every registered <see cref="ISteeredDecodeSubject"/>: decode tokens/s of
/// each and the cost ratio steered time / plain time (issue 10 asks for at most 1.15).
/// </summary>
public sealed class SteeredDecodeMeasurement(IEnumerable<ISteeredDecodeSubject> subjects) : IBenchMeasurement
{
    public string Name => "steered_decode";

    public bool HasSubjects => subjects.Any();

    public IEnumerable<BenchFigure> Measure(BenchModelContext context, CancellationToken cancellationToken)
    {
        var figures = new List<BenchFigure>();
        var random = new Random(context.Suite.Seed);
        var plain = new ModelLogitsSessionFactory(context.Model);
        foreach (var subject in subjects)
        {
            var steered = subject.CreateSteered(context);
            try
            {
                foreach (var batch in context.Suite.DecodeBatches)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var prompts = Enumerable.Range(0, batch)
                        .Select(_ => (IReadOnlyList<int>)Enumerable.Range(0, context.Suite.DecodePromptTokens).Select(_ => random.Next(3, context.Shape.Vocab)).ToArray())
                        .ToList();
                    var plainSeconds = BenchTimer.MedianOf(() => DecodeMeasurement.TimeSteps(plain, prompts, context.Suite.DecodeSteps), context.Suite.Iterations);
                    var steeredSeconds = BenchTimer.MedianOf(() => DecodeMeasurement.TimeSteps(steered, prompts, context.Suite.DecodeSteps), context.Suite.Iterations);
                    var name = $"{context.Prefix}steered_decode.{subject.Name}.batch{batch}.";
                    figures.Add(new BenchFigure(name + "tokens_per_s", batch * context.Suite.DecodeSteps / steeredSeconds, "tokens/s"));
                    figures.Add(new BenchFigure(name + "plain_tokens_per_s", batch * context.Suite.DecodeSteps / plainSeconds, "tokens/s"));
                    figures.Add(new BenchFigure(name + "cost_ratio", steeredSeconds / plainSeconds, "ratio", "steered time / plain time"));
                }
            }
            finally
            {
                (steered as IDisposable)?.Dispose();
            }
        }
        return figures;
    }
}

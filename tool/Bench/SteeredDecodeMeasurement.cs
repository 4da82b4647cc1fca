using SvDecode.Eval.Decoding;

namespace SvDecode.Eval.Tool.Bench;

/// <summary>
/// Steered versus plain greedy decode for every registered <see cref="ISteeredDecodeSubject"/>: decode tokens/s of
/// each and the cost ratio steered time / plain time (issue 10 asks for at most 1.15), where plain is the same adapted
/// model without steering. The two are interleaved sample by sample, so a change in machine load hits both alike.
/// </summary>
public sealed class SteeredDecodeMeasurement(IEnumerable<ISteeredDecodeSubject> subjects) : IBenchMeasurement
{
    public string Name => "steered_decode";

    public bool HasSubjects => subjects.Any();

    public IEnumerable<BenchFigure> Measure(BenchModelContext context, CancellationToken cancellationToken)
    {
        var figures = new List<BenchFigure>();
        var random = new Random(context.Suite.Seed);
        foreach (var subject in subjects)
        {
            using (var setup = subject.Create(context))
            {
                foreach (var batch in context.Suite.DecodeBatches)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var prompts = Enumerable.Range(0, batch)
                        .Select(_ => (IReadOnlyList<int>)Enumerable.Range(0, context.Suite.DecodePromptTokens).Select(_ => random.Next(3, context.Shape.Vocab)).ToArray())
                        .ToList();
                    var (plainSeconds, steeredSeconds, ratio) = BenchTimer.Interleaved(
                        () => DecodeMeasurement.TimeSteps(setup.Plain, prompts, context.Suite.DecodeSteps),
                        () => DecodeMeasurement.TimeSteps(setup.Steered, prompts, context.Suite.DecodeSteps),
                        context.Suite.Iterations,
                        warmUp: () =>
                        {
                            DecodeMeasurement.TimeSteps(setup.Plain, prompts, DecodeMeasurement.WarmUpSteps);
                            DecodeMeasurement.TimeSteps(setup.Steered, prompts, DecodeMeasurement.WarmUpSteps);
                        },
                        context.Suite.WarmUpSeconds);
                    var name = $"{context.Prefix}steered_decode.{subject.Name}.batch{batch}.";
                    figures.Add(new BenchFigure(name + "tokens_per_s", batch * context.Suite.DecodeSteps / steeredSeconds, "tokens/s"));
                    figures.Add(new BenchFigure(name + "plain_tokens_per_s", batch * context.Suite.DecodeSteps / plainSeconds, "tokens/s"));
                    figures.Add(new BenchFigure(name + "cost_ratio", ratio, "ratio", "median over interleaved pairs of steered time / plain time"));
                }
            }
        }
        return figures;
    }
}

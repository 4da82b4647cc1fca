using static TorchSharp.torch;

namespace SvDecode.Eval.Tool.Bench;

/// <summary>Warm-start training tokens/s for every registered <see cref="IWarmStartSubject"/>, at the suite's last prefill shape.</summary>
public sealed class WarmStartMeasurement(IEnumerable<IWarmStartSubject> subjects) : IBenchMeasurement
{
    public string Name => "warm_start";

    public bool HasSubjects => subjects.Any();

    public IEnumerable<BenchFigure> Measure(BenchModelContext context, CancellationToken cancellationToken)
    {
        var figures = new List<BenchFigure>();
        var (batch, tokens) = context.Suite.PrefillShapes[^1];
        using var generator = new Generator((ulong)context.Suite.Seed, device: CPU); // TorchSharp's generators are CPU ones
        using var drawn = randint(3, context.Shape.Vocab, [batch, tokens], generator: generator, device: CPU); // seeded on the CPU
        using var ids = drawn.to(context.Device);
        using var mask = ones(batch, tokens, dtype: ScalarType.Int64, device: context.Device);
        foreach (var subject in subjects)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var trainer = subject.Create(context);
            // Warmed up by steps on a single row: the optimizer state and every kernel exist before timing starts.
            var seconds = BenchTimer.MedianSeconds(() => trainer.Step(ids, mask), context.Suite.Iterations,
                warmUp: () => trainer.Step(ids.narrow(0, 0, 1), mask.narrow(0, 0, 1)), context.Suite.WarmUpSeconds);
            figures.Add(new BenchFigure($"{context.Prefix}warm_start.{subject.Method}.{batch}x{tokens}.tokens_per_s", batch * tokens / seconds, "tokens/s"));
        }
        return figures;
    }
}

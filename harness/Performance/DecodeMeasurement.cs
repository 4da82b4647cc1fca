using System.Diagnostics;
using SvDecode.Eval.Decoding;
using static TorchSharp.torch;

namespace SvDecode.Eval.Performance;

/// <summary>
/// Greedy decoding with the KV cache at each batch size: a random prompt is prefilled (not timed), then
/// <see cref="BenchSuite.DecodeSteps"/> steps each feed one token per row. tokens/s counts generated tokens of all rows.
/// The bandwidth limit assumes each step streams every matmul weight once from memory, for all rows together:
/// limit = batch × bandwidth / weight bytes per step.
/// </summary>
public sealed class DecodeMeasurement : IBenchMeasurement
{
    /// <summary>Steps of the untimed warm-up sample: enough to run every kernel of a step once.</summary>
    public const int WarmUpSteps = 2;

    public string Name => "decode";

    public IEnumerable<BenchFigure> Measure(BenchModelContext context, CancellationToken cancellationToken)
    {
        var figures = new List<BenchFigure>();
        var random = new Random(context.Suite.Seed);
        foreach (var batch in context.Suite.DecodeBatches)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var prompts = Enumerable.Range(0, batch)
                .Select(_ => (IReadOnlyList<int>)Enumerable.Range(0, context.Suite.DecodePromptTokens).Select(_ => random.Next(3, context.Shape.Vocab)).ToArray())
                .ToList();
            var factory = new ModelLogitsSessionFactory(context.Model);
            var seconds = BenchTimer.MedianOf(() => TimeSteps(factory, prompts, context.Suite.DecodeSteps), context.Suite.Iterations,
                warmUp: () => TimeSteps(factory, prompts, WarmUpSteps));
            var tokensPerSecond = batch * context.Suite.DecodeSteps / seconds;
            var limit = batch * context.Ceilings.MatvecGigabytesPerSecond * 1e9 / context.WeightBytesPerStep;
            var name = $"{context.Prefix}decode.batch{batch}.";
            figures.Add(new BenchFigure(name + "tokens_per_s", tokensPerSecond, "tokens/s"));
            figures.Add(new BenchFigure(name + "bandwidth_limit_tokens_per_s", limit, "tokens/s", "batch × matvec bandwidth / fp32 matmul weight bytes"));
            figures.Add(new BenchFigure(name + "fraction_of_bandwidth_limit", tokensPerSecond / limit, "fraction"));
        }
        return figures;
    }

    /// <summary>Seconds for <paramref name="steps"/> greedy steps after an untimed prefill of <paramref name="prompts"/>.</summary>
    public static double TimeSteps(ILogitsSessionFactory factory, IReadOnlyList<IReadOnlyList<int>> prompts, int steps)
    {
        using var session = factory.Open();
        var logits = session.Start(prompts); // (B, V)
        var start = Stopwatch.GetTimestamp();
        try
        {
            for (var i = 0; i < steps; i++)
            {
                using var next = logits.argmax(-1); // (B)
                logits.Dispose();
                logits = session.Advance(next);
            }
            return Stopwatch.GetElapsedTime(start).TotalSeconds;
        }
        finally
        {
            logits.Dispose();
        }
    }
}

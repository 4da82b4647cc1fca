using System.Diagnostics;
using SvDecode.Eval.Decoding;
using SvDecode.Eval.Models.Layers;
using static TorchSharp.torch;

namespace SvDecode.Eval.Tool.Bench;

/// <summary>
/// Greedy decoding with the KV cache at each batch size: a random prompt is prefilled (not timed), then
/// <see cref="BenchSuite.DecodeSteps"/> steps each feed one token per row. tokens/s counts generated tokens of all rows.
/// The bandwidth limit assumes each step streams every matmul weight once from memory, for all rows together; the rate
/// of that stream is measured on the model's own weights (one one-row product per weight, nothing else, through the
/// path decoding takes for one row: on float32 CPU oneMKL's two-row kernel, which streams a weight 1.5–1.7× faster than
/// its matrix-vector one, so the limit is the fastest stream known here, not gemv's), in samples interleaved with the
/// decode samples. Weights of this size sit partly in this machine's large last-level
/// cache, whose share moves with the neighbours' load, so a bandwidth taken minutes earlier on another matrix would
/// make the fraction drift with the machine rather than with the code.
/// </summary>
public sealed class DecodeMeasurement : IBenchMeasurement
{
    /// <summary>Steps of one untimed warm-up sample (repeated for the suite's warm-up time).</summary>
    public const int WarmUpSteps = 2;

    public string Name => "decode";

    public IEnumerable<BenchFigure> Measure(BenchModelContext context, CancellationToken cancellationToken)
    {
        var figures = new List<BenchFigure>();
        var random = new Random(context.Suite.Seed);
        var stream = new WeightStream(context);
        var steps = context.Suite.DecodeSteps;
        foreach (var batch in context.Suite.DecodeBatches)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var prompts = Enumerable.Range(0, batch)
                .Select(_ => (IReadOnlyList<int>)Enumerable.Range(0, context.Suite.DecodePromptTokens).Select(_ => random.Next(3, context.Shape.Vocab)).ToArray())
                .ToList();
            var factory = new ModelLogitsSessionFactory(context.Model);
            // Each stream sample reads the weights once per decode step (steps passes), so it lasts about as long as
            // the decode sample beside it; per pair, fraction = achieved / limit = stream time / decode time.
            var (streamSeconds, decodeSeconds, decodeOverStream) = BenchTimer.Interleaved(
                () => stream.Time(steps),
                () => TimeSteps(factory, prompts, steps),
                context.Suite.Iterations,
                warmUp: () => TimeSteps(factory, prompts, WarmUpSteps),
                context.Suite.WarmUpSeconds);
            var tokensPerSecond = batch * steps / decodeSeconds;
            var name = $"{context.Prefix}decode.batch{batch}.";
            var machineLimit = batch * context.Ceilings.MatvecGigabytesPerSecond * 1e9 / context.WeightBytesPerStep;
            figures.Add(new BenchFigure(name + "tokens_per_s", tokensPerSecond, "tokens/s"));
            figures.Add(new BenchFigure(name + "weight_stream_gb_per_s", steps * context.WeightBytesPerStep / streamSeconds / 1e9, "GB/s",
                "one one-row product per matmul weight of this model (FewRowProduct's path), interleaved with the decode samples"));
            figures.Add(new BenchFigure(name + "bandwidth_limit_tokens_per_s", batch * steps / streamSeconds, "tokens/s", "batch / time to stream every matmul weight once"));
            figures.Add(new BenchFigure(name + "fraction_of_bandwidth_limit", 1 / decodeOverStream, "fraction", "median over interleaved pairs"));
            figures.Add(new BenchFigure(name + "fraction_of_machine_matvec_limit", tokensPerSecond / machineLimit, "fraction",
                "against batch × machine.matvec_bandwidth_gb_per_s / matmul weight bytes in their dtype"));
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

    /// <summary>Every matmul weight of the model read once by a one-row product (as decoding computes one): the floor of a
    /// decode step.</summary>
    private sealed class WeightStream
    {
        private readonly IReadOnlyList<Tensor> _weights; // [out, in] each

        public WeightStream(BenchModelContext context)
        {
            // The head is lm_head, or the embedding table when the config ties them.
            var head = context.Shape.Config.TieWordEmbeddings ? "model.embed_tokens.weight" : "lm_head.weight";
            _weights = context.Model.named_parameters()
                .Where(p => p.name.EndsWith("proj.weight", StringComparison.Ordinal) || p.name == head)
                .Select(p => (Tensor)p.parameter)
                .ToList();
            var streamed = _weights.Sum(w => w.numel());
            if (streamed != context.Shape.MatmulParameters)
            {
                throw new InvalidOperationException($"The bench model streams {streamed} matmul parameters, its shape says {context.Shape.MatmulParameters}.");
            }
        }

        /// <summary>Seconds for <paramref name="passes"/> passes over every weight.</summary>
        public double Time(int passes)
        {
            using var noGrad = no_grad();
            using var scope = NewDisposeScope();
            // Each weight paired with its (1, in) input before the clock starts: the timed loop is the products alone.
            var inputs = _weights.Select(w => w.shape[1]).Distinct().ToDictionary(n => n, n => ones(1, n, dtype: _weights[0].dtype, device: _weights[0].device)); // (1, in)
            var products = _weights.Select(w => (Input: inputs[w.shape[1]], Weight: w)).ToArray();
            var start = Stopwatch.GetTimestamp();
            for (var pass = 0; pass < passes; pass++)
            {
                foreach (var (input, weight) in products)
                {
                    FewRowProduct.Product(input, weight, null).Dispose(); // (1, out)
                }
            }
            return Stopwatch.GetElapsedTime(start).TotalSeconds;
        }
    }
}

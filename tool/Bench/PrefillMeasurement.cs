using static TorchSharp.torch;

namespace SvDecode.Eval.Tool.Bench;

/// <summary>
/// Prefill: one forward of B rows × T tokens without a cache (full logits, as scoring needs them). Reports tokens/s and
/// achieved GFLOP/s = 2 × matmul parameters × tokens / time (attention's own T² products are left out, as is usual),
/// and that as a fraction of the machine's matmul ceiling.
/// </summary>
public sealed class PrefillMeasurement : IBenchMeasurement
{
    /// <summary>Tokens of the one-row warm-up forward (or all of a shorter shape).</summary>
    private const int WarmUpTokens = 16;

    public string Name => "prefill";

    public IEnumerable<BenchFigure> Measure(BenchModelContext context, CancellationToken cancellationToken)
    {
        var figures = new List<BenchFigure>();
        using var generator = new Generator((ulong)context.Suite.Seed, device: CPU); // TorchSharp's generators are CPU ones
        var device = context.Device;
        foreach (var (batch, tokens) in context.Suite.PrefillShapes)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var drawn = randint(3, context.Shape.Vocab, [batch, tokens], generator: generator, device: CPU); // seeded on the CPU
            using var ids = drawn.to(device);
            using var mask = ones(batch, tokens, dtype: ScalarType.Int64, device: device);
            using var positions = arange(tokens, device: device).unsqueeze(0).expand(batch, -1).contiguous();
            var seconds = BenchTimer.MedianSeconds(() => Forward(context, ids, mask, positions), context.Suite.Iterations,
                warmUp: () => Forward(context, WarmUpSlice(ids), WarmUpSlice(mask), WarmUpSlice(positions)), context.Suite.WarmUpSeconds);
            var tokensPerSecond = batch * tokens / seconds;
            var gflops = 2.0 * context.Shape.MatmulParameters * batch * tokens / seconds / 1e9;
            var name = $"{context.Prefix}prefill.{batch}x{tokens}.";
            figures.Add(new BenchFigure(name + "tokens_per_s", tokensPerSecond, "tokens/s"));
            figures.Add(new BenchFigure(name + "gflops", gflops, "GFLOP/s", "2 × matmul parameters × tokens / time"));
            figures.Add(new BenchFigure(name + "fraction_of_matmul_ceiling", gflops / context.Ceilings.MatmulGflops, "fraction"));
        }
        return figures;
    }

    /// <summary>(B, T) → (1, min(T, 16)).</summary>
    private static Tensor WarmUpSlice(Tensor t) => t.narrow(0, 0, 1).narrow(1, 0, Math.Min(t.shape[1], WarmUpTokens));

    private static void Forward(BenchModelContext context, Tensor ids, Tensor mask, Tensor positions)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        _ = context.Model.Forward(ids, mask, positions); // (B, T, V), freed with the scope
    }
}

using static TorchSharp.torch;

namespace SvDecode.Eval.Tool.Bench;

/// <summary>
/// What this machine can do at best, measured in the same run as the model figures so that fractions of it are
/// comparable: the fp32 matmul rate (an n×n×n product in a loop) and the memory bandwidth a matrix-vector product
/// achieves (an n×n fp32 matrix, larger than the caches, read once per product) — the bound on batch-1 decoding.
/// </summary>
public sealed record MachineCeilings(double MatmulGflops, double MatvecGigabytesPerSecond)
{
    public static MachineCeilings Measure(BenchSuite suite)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        // The CPU's ceilings, where the bench runs its models (BenchRunner loads them with the default options).
        using var generator = new Generator((ulong)suite.Seed, device: CPU);
        long n = suite.MatmulSize;
        var a = randn(n, n, generator: generator, device: CPU);
        var b = randn(n, n, generator: generator, device: CPU);
        var repeats = Math.Max(1, (int)(suite.CeilingFlopsPerSample / (2.0 * n * n * n)));
        var matmulSeconds = BenchTimer.MedianSeconds(() =>
        {
            for (var i = 0; i < repeats; i++)
            {
                a.mm(b).Dispose(); // a 4 MiB allocation per product is noise next to 2 GFLOP
            }
        }, suite.Iterations + 2);
        var gflops = 2.0 * n * n * n * repeats / matmulSeconds / 1e9;

        long m = suite.MatvecSize;
        var matrix = randn(m, m, generator: generator, device: CPU);
        var vector = randn(m, generator: generator, device: CPU);
        var matvecRepeats = Math.Max(1, (int)(suite.MatvecBytesPerSample / (4.0 * m * m)));
        var matvecSeconds = BenchTimer.MedianSeconds(() =>
        {
            for (var i = 0; i < matvecRepeats; i++)
            {
                matrix.mv(vector).Dispose();
            }
        }, suite.Iterations + 2);
        var bandwidth = 4.0 * m * m * matvecRepeats / matvecSeconds / 1e9;
        return new MachineCeilings(gflops, bandwidth);
    }
}

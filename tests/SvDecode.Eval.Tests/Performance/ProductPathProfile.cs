using System.Diagnostics;
using SvDecode.Eval.Decoding;
using SvDecode.Eval.Models;
using SvDecode.Eval.Models.Layers;
using SvDecode.Eval.Tests.Steering;
using SvDecode.Eval.Tests.Support;
using SvDecode.Eval.Tool.Bench;
using Xunit;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace SvDecode.Eval.Tests.Performance;

/// <summary>
/// Where a decode step's products stand against the weight stream (<see cref="FewRowProduct"/>): every matmul weight of
/// the bench models (the fused q/k/v and gate/up groups as one weight each, the head) read once with 1, 2, 8 and 16 random
/// rows through `linear` and through the few-row path, in alternating sweeps; then whole decode steps at batch 1 with
/// one-row products computed as two and as one, alternating decodes within one process. A measurement for
/// docs/performance.md ("Products of a few rows", "One row computed as two"), not a test.
/// Run: SVDECODE_FIGURES=1 dotnet test -c Release --filter FullyQualifiedName~ProductPathProfile --logger "console;verbosity=detailed"
/// </summary>
[Collection(FusedProjectionsCollection.Name)]
public sealed class ProductPathProfile(ITestOutputHelper output)
{
    private const int Rounds = 11;

    [FiguresFact]
    public void SweepsAndBatchOneSteps()
    {
        set_num_threads(2);
        using var temp = new TempDirectory();
        output.WriteLine($"load average at start: {File.ReadAllText("/proc/loadavg").Trim()}");
        foreach (var shape in new[] { BenchModelShape.Small, BenchModelShape.Medium })
        {
            using var model = ModelLoader.Load(RandomModelFolder.Ensure(temp.Path, shape, seed: 20251128));
            using (var scope = NewDisposeScope())
            {
                var weights = StepWeights(shape.Config);
                foreach (var rows in new[] { 1, 2, 8, 16 })
                {
                    var inputs = weights.Select(w => randn(rows, w.shape[1])).ToList();
                    var (linear, path) = Alternate(
                        () => Sweep(weights, inputs, (x, w) => nn.functional.linear(x, w)),
                        () => Sweep(weights, inputs, (x, w) => FewRowProduct.Product(x, w, null)));
                    var gigabytes = weights.Sum(w => w.numel()) * 4 / 1e9;
                    output.WriteLine($"{shape.Name}, {rows} row(s), every weight once: linear {linear:0.00} ms ({gigabytes / linear * 1e3:0.0} GB/s), few-row path {path:0.00} ms ({gigabytes / path * 1e3:0.0} GB/s)");
                }
            }
            var prompts = DecodeProfiles.RandomPrompts(new Random(3), 1);
            var sessions = new ModelLogitsSessionFactory(model);
            DecodeMeasurement.TimeSteps(sessions, prompts, 4);
            var (two, one) = Alternate(() => Steps(sessions, prompts, asTwo: true), () => Steps(sessions, prompts, asTwo: false));
            output.WriteLine($"{shape.Name}, batch 1 decode step: one row as two {two:0.00} ms, as one {one:0.00} ms ({one / two:0.00}x the tokens/s)");
        }
    }

    /// <summary>The products of one decode step: per layer q/k/v and gate/up fused, o and down; then the head.</summary>
    private static List<Tensor> StepWeights(ModelConfig c)
    {
        var weights = new List<Tensor>();
        for (var layer = 0; layer < c.NumLayers; layer++)
        {
            weights.Add(randn(c.NumHeads * c.HeadDim + 2 * c.NumKeyValueHeads * c.HeadDim, c.HiddenSize));
            weights.Add(randn(c.HiddenSize, c.NumHeads * c.HeadDim));
            weights.Add(randn(2 * c.IntermediateSize, c.HiddenSize));
            weights.Add(randn(c.HiddenSize, c.IntermediateSize));
        }
        weights.Add(randn(c.VocabSize, c.HiddenSize));
        return weights;
    }

    private static double Sweep(List<Tensor> weights, List<Tensor> inputs, Func<Tensor, Tensor, Tensor> product)
    {
        using var noGrad = no_grad();
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < weights.Count; i++)
        {
            product(inputs[i], weights[i]).Dispose();
        }
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    private static double Steps(ModelLogitsSessionFactory sessions, List<IReadOnlyList<int>> prompts, bool asTwo)
    {
        FewRowProduct.OneRowAsTwo = asTwo;
        try
        {
            return DecodeMeasurement.TimeSteps(sessions, prompts, 32) / 32 * 1000;
        }
        finally
        {
            FewRowProduct.OneRowAsTwo = true;
        }
    }

    /// <summary>Medians of <see cref="Rounds"/> samples of each, in rounds that alternate which goes first, after two
    /// warm-up rounds.</summary>
    private static (double A, double B) Alternate(Func<double> a, Func<double> b)
    {
        var (first, second) = (new List<double>(), new List<double>());
        for (var round = 0; round < Rounds + 2; round++)
        {
            double x, y;
            if (round % 2 == 0)
            {
                (x, y) = (a(), b());
            }
            else
            {
                y = b();
                x = a();
            }
            if (round >= 2)
            {
                first.Add(x);
                second.Add(y);
            }
        }
        return (DecodeProfiles.Median(first), DecodeProfiles.Median(second));
    }
}

using static TorchSharp.torch;

namespace SvDecode.Eval.Decoding;

/// <summary>
/// Temperature, top-k and top-p (nucleus) sampling with a seeded host RNG: the same seed gives the same tokens on any
/// device, because only the (B, V) probabilities cross to the host and the draw is done in .NET.
/// </summary>
public sealed class SamplingSelector : ITokenSelector
{
    private readonly GenerationOptions _options;
    private readonly Random _random;

    public SamplingSelector(GenerationOptions options)
    {
        if (options.Temperature <= 0 || options.TopP <= 0 || options.TopP > 1 || options.TopK < 0)
        {
            throw new ArgumentException("Sampling needs temperature > 0, 0 < top_p ≤ 1 and top_k ≥ 0.", nameof(options));
        }
        _options = options;
        _random = new Random(options.Seed);
    }

    public int[] Select(Tensor logits)
    {
        var (b, v) = ((int)logits.shape[0], (int)logits.shape[1]);
        double[] all;
        using (NewDisposeScope())
        {
            all = logits.to(ScalarType.Float64).cpu().data<double>().ToArray();
        }
        var result = new int[b];
        for (var row = 0; row < b; row++)
        {
            result[row] = Draw(all.AsSpan(row * v, v));
        }
        return result;
    }

    /// <summary>Filters then draws from one row of logits.</summary>
    private int Draw(ReadOnlySpan<double> logits)
    {
        // Token order: by descending logit, ties to the lower id, so top-k/top-p cut deterministically.
        var order = Enumerable.Range(0, logits.Length).ToArray();
        var scaled = new double[logits.Length];
        for (var i = 0; i < logits.Length; i++)
        {
            scaled[i] = logits[i] / _options.Temperature;
        }
        Array.Sort(order, (a, c) => scaled[c].CompareTo(scaled[a]) is var cmp && cmp != 0 ? cmp : a.CompareTo(c));
        var keep = _options.TopK > 0 ? Math.Min(_options.TopK, order.Length) : order.Length;

        var max = scaled[order[0]];
        var probabilities = new double[keep];
        var total = 0.0;
        for (var i = 0; i < keep; i++)
        {
            probabilities[i] = Math.Exp(scaled[order[i]] - max);
            total += probabilities[i];
        }
        if (_options.TopP < 1)
        {
            var cumulative = 0.0;
            for (var i = 0; i < keep; i++)
            {
                cumulative += probabilities[i] / total;
                if (cumulative >= _options.TopP)
                {
                    keep = i + 1;
                    break;
                }
            }
            total = probabilities.Take(keep).Sum();
        }
        var u = _random.NextDouble() * total;
        for (var i = 0; i < keep; i++)
        {
            u -= probabilities[i];
            if (u < 0)
            {
                return order[i];
            }
        }
        return order[keep - 1];
    }
}

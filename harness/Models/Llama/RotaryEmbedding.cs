using static TorchSharp.torch;

namespace SvDecode.Eval.Models.Llama;

/// <summary>
/// Rotary position embedding, HF convention: angle = pos · inv_freq[i] for i &lt; hs/2, the angle vector is
/// cat(freqs, freqs), and x ↦ x·cos + rotate_half(x)·sin with rotate_half(x) = cat(−x₂, x₁).
/// inv_freq carries rope_scaling (linear, llama3). It holds no tensors, so it is not part of the module tree.
/// </summary>
public sealed class RotaryEmbedding
{
    private readonly float[] _inverseFrequencies;

    public RotaryEmbedding(ModelConfig config)
    {
        _inverseFrequencies = InverseFrequencies(config.HeadDim, config.RopeTheta, config.RopeScaling);
    }

    public IReadOnlyList<float> InverseFrequenciesForTests => _inverseFrequencies;

    /// <summary>inv_freq[i] = θ^(−2i/hs), rescaled as rope_scaling asks; computed in double, stored as float32 like HF.</summary>
    public static float[] InverseFrequencies(int headDim, double theta, RopeScaling? scaling)
    {
        var half = headDim / 2;
        var result = new float[half];
        for (var i = 0; i < half; i++)
        {
            var inv = (double)(float)(1.0 / Math.Pow(theta, 2.0 * i / headDim));
            result[i] = (float)(scaling?.Type switch
            {
                "linear" => inv / scaling.Factor,
                "llama3" => Llama3(inv, scaling),
                _ => inv,
            });
        }
        return result;
    }

    /// <summary>
    /// Llama 3.1: long wavelengths (beyond original_ctx/low_freq_factor) are slowed by factor, short ones (below
    /// original_ctx/high_freq_factor) kept, and the band between interpolated smoothly.
    /// </summary>
    private static double Llama3(double inv, RopeScaling s)
    {
        var wavelength = 2 * Math.PI / inv;
        var lowFreqWavelength = s.OriginalMaxPositionEmbeddings / s.LowFreqFactor;
        var highFreqWavelength = s.OriginalMaxPositionEmbeddings / s.HighFreqFactor;
        if (wavelength < highFreqWavelength)
        {
            return inv;
        }
        if (wavelength > lowFreqWavelength)
        {
            return inv / s.Factor;
        }
        var smooth = (s.OriginalMaxPositionEmbeddings / wavelength - s.LowFreqFactor) / (s.HighFreqFactor - s.LowFreqFactor);
        return (1 - smooth) * inv / s.Factor + smooth * inv;
    }

    /// <summary>positions (B, T) → cos, sin (B, 1, T, hs) in <paramref name="dtype"/>.</summary>
    public (Tensor Cos, Tensor Sin) CosSin(Tensor positionIds, ScalarType dtype)
    {
        var inv = tensor(_inverseFrequencies, device: positionIds.device);                         // (hs/2)
        var freqs = positionIds.to(ScalarType.Float32).unsqueeze(-1) * inv;                       // (B, T, hs/2)
        var angles = cat([freqs, freqs], -1).unsqueeze(1);                                        // (B, 1, T, hs)
        return (angles.cos().to(dtype), angles.sin().to(dtype));
    }

    /// <summary>x (B, h, T, hs) rotated by the angles of its positions.</summary>
    public static Tensor Apply(Tensor x, Tensor cos, Tensor sin)
    {
        var half = x.shape[^1] / 2;
        var x1 = x.narrow(-1, 0, half);
        var x2 = x.narrow(-1, half, half);
        var rotated = cat([-x2, x1], -1);
        return x * cos + rotated * sin;
    }
}

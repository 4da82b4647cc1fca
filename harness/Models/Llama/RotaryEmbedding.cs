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

    /// <summary>
    /// positions (B, T) → cos (B, 1, T, hs) and the sign-folded sin of <see cref="Apply"/>, cat(−sin, sin) over the two
    /// halves, in <paramref name="dtype"/>. Once per forward, shared by every layer.
    /// </summary>
    public (Tensor Cos, Tensor SignedSin) CosSin(Tensor positionIds, ScalarType dtype)
    {
        var inv = tensor(_inverseFrequencies, device: positionIds.device);                         // (hs/2)
        var freqs = (positionIds.to(ScalarType.Float32).unsqueeze(-1) * inv).unsqueeze(1);        // (B, 1, T, hs/2)
        var cos = freqs.cos();
        var sin = freqs.sin();
        return (cat([cos, cos], -1).to(dtype), cat([-sin, sin], -1).to(dtype));                  // (B, 1, T, hs) each
    }

    /// <summary>
    /// x (B, h, T, hs) rotated by the angles of its positions: x·cos + rotate_half(x)·sin with rotate_half(x) =
    /// cat(−x₂, x₁) = roll(x, hs/2)·(−1 on the first half), the sign folded into <paramref name="signedSin"/>. Three
    /// kernels instead of seven, twice per layer: a decode step is bound by the number of ops, not their size.
    /// </summary>
    public static Tensor Apply(Tensor x, Tensor cos, Tensor signedSin) =>
        (x * cos).addcmul_(x.roll(x.shape[^1] / 2, -1), signedSin, 1);
}

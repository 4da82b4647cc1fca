namespace SvDecode.Eval.Comparison;

/// <summary>The standard normal tail, for z-tests.</summary>
public static class NormalDistribution
{
    /// <summary>Two-sided p-value P(|Z| ≥ |z|) = erfc(|z|/√2).</summary>
    public static double TwoSidedP(double z) => double.IsNaN(z) ? double.NaN : Math.Min(1.0, Erfc(Math.Abs(z) / Math.Sqrt(2)));

    /// <summary>
    /// Complementary error function by the Chebyshev-fitted rational approximation of Press et al. (Numerical Recipes,
    /// §6.2): fractional error below 1.2e-7 everywhere, far finer than any decision at α ≥ 1e-4 needs.
    /// </summary>
    public static double Erfc(double x)
    {
        var z = Math.Abs(x);
        var t = 1.0 / (1.0 + 0.5 * z);
        var r = t * Math.Exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 +
                    t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2.0 - r;
    }
}

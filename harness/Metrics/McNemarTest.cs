namespace SvDecode.Eval.Metrics;

/// <summary>
/// McNemar's exact test for paired binary outcomes: under H0 the discordant pairs split Binomial(OnlyA + OnlyB, ½);
/// p = min(1, 2·P[X ≤ min(OnlyA, OnlyB)]). p = 1 when there are no discordant pairs.
/// </summary>
public static class McNemarTest
{
    public static McNemarResult Compute(IReadOnlyList<bool> correctA, IReadOnlyList<bool> correctB)
    {
        if (correctA.Count != correctB.Count)
        {
            throw new ArgumentException($"McNemar needs the same items on both sides; got {correctA.Count} and {correctB.Count}.");
        }
        var onlyA = 0;
        var onlyB = 0;
        for (var i = 0; i < correctA.Count; i++)
        {
            if (correctA[i] && !correctB[i])
            {
                onlyA++;
            }
            else if (!correctA[i] && correctB[i])
            {
                onlyB++;
            }
        }
        return new McNemarResult(onlyA, onlyB, correctA.Count, ExactPValue(onlyA, onlyB));
    }

    /// <summary>Two-sided exact p-value from the discordant counts.</summary>
    public static double ExactPValue(int onlyA, int onlyB)
    {
        var n = onlyA + onlyB;
        if (n == 0)
        {
            return 1.0;
        }
        var k = Math.Min(onlyA, onlyB);
        // P[X ≤ k] for X ~ Binomial(n, ½), in log space so large n does not overflow: log C(n, i) built incrementally.
        var logTerms = new double[k + 1];
        var logChoose = 0.0;
        for (var i = 0; i <= k; i++)
        {
            if (i > 0)
            {
                logChoose += Math.Log(n - i + 1) - Math.Log(i);
            }
            logTerms[i] = logChoose - n * Math.Log(2);
        }
        var max = logTerms.Max();
        var cdf = Math.Exp(max) * logTerms.Sum(t => Math.Exp(t - max));
        return Math.Min(1.0, 2 * cdf);
    }
}

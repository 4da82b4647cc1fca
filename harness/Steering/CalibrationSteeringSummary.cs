namespace SvDecode.Eval.Steering;

/// <summary>
/// What δ looks like at the answer positions of the calibration split before any strength is applied, from the
/// strength solve's own pass (<see cref="TokenStrength"/>): how much of the vocabulary the confidence mask keeps, how
/// often it keeps the gold token, how far apart the two models are (mean KL) and how many values were non-finite.
/// </summary>
public sealed record CalibrationSteeringSummary(
    long Positions,
    double KeptFraction,
    double MeanKeptCount,
    double MeanKl,
    double GoldKeptFraction,
    NonFiniteCounts NonFinite)
{
    /// <param name="vocabulary">The model's vocabulary size V (the kept fraction is kept / (positions · V)).</param>
    public static CalibrationSteeringSummary Of(IReadOnlyList<TokenStrength> tokens, int vocabulary)
    {
        long kept = 0, goldKept = 0, klCount = 0;
        double klSum = 0;
        var nonFinite = NonFiniteCounts.None;
        foreach (var token in tokens)
        {
            kept += token.KeptCount;
            goldKept += token.GoldKept ? 1 : 0;
            if (double.IsFinite(token.Kl))
            {
                klSum += token.Kl;
                klCount++;
            }
            nonFinite = nonFinite.Add(token.NonFinite ?? NonFiniteCounts.None);
        }
        long positions = tokens.Count;
        return new CalibrationSteeringSummary(
            positions,
            positions == 0 ? double.NaN : kept / ((double)positions * vocabulary),
            positions == 0 ? double.NaN : kept / (double)positions,
            klCount == 0 ? double.NaN : klSum / klCount,
            positions == 0 ? double.NaN : goldKept / (double)positions,
            nonFinite);
    }

    /// <summary>
    /// Throws when the non-finite values are more than <paramref name="maxFraction"/> of the positions (a position is
    /// counted once per value, which is at least as strict as counting positions): the paper's "!!!!" collapse, usually
    /// fp16 overflow or a broken adapter. <paramref name="what"/> names the run part.
    /// </summary>
    public void ThrowIfTooManyNonFinite(double maxFraction, string what)
    {
        if (Positions > 0 && NonFinite.Total / (double)Positions > maxFraction)
        {
            throw new InvalidOperationException(
                $"{what}: {NonFinite.Total} non-finite logit/δ values over {Positions} calibration positions, above steering.max_non_finite_fraction = " +
                $"{maxFraction}. Run the model in float32, or check the adapter.");
        }
    }
}

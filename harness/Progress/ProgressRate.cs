using System.Globalization;

namespace SvDecode.Eval.Progress;

/// <summary>
/// A step's throughput and time left from what it has done since it started: the rate over the whole elapsed time
/// (a stage's batches are alike, so the mean is steadier than the last batch's) and the rest at that rate. Computed on
/// the harness side so CI log lines carry it too, not only a terminal's bar.
/// </summary>
public readonly record struct ProgressRate(long Done, long Total, TimeSpan Elapsed)
{
    /// <summary>Units per second; null before the first unit (or with no time passed), when nothing is known yet.</summary>
    public double? PerSecond => Done > 0 && Elapsed > TimeSpan.Zero ? Done / Elapsed.TotalSeconds : null;

    /// <summary>The time the remaining units take at <see cref="PerSecond"/>; null while the rate is unknown.</summary>
    public TimeSpan? Remaining => PerSecond is { } rate ? TimeSpan.FromSeconds(Math.Max(Total - Done, 0) / rate) : null;

    /// <summary>"2.5 items/s, ETA 0:01:12", or "" while the rate is unknown.</summary>
    public string Describe(string unit) => PerSecond is { } rate
        ? string.Create(CultureInfo.InvariantCulture, $"{FormatRate(rate)} {unit}/s, ETA {FormatDuration(Remaining!.Value)}")
        : "";

    /// <summary>Three significant figures at most, so 0.0123 and 1234 both read well.</summary>
    public static string FormatRate(double perSecond) =>
        perSecond >= 100 ? perSecond.ToString("0", CultureInfo.InvariantCulture)
        : perSecond >= 10 ? perSecond.ToString("0.0", CultureInfo.InvariantCulture)
        : perSecond >= 1 ? perSecond.ToString("0.00", CultureInfo.InvariantCulture)
        : perSecond.ToString("G3", CultureInfo.InvariantCulture);

    /// <summary>h:mm:ss (hours unbounded), rounded up to the second so a last second left does not read 0:00:00.</summary>
    public static string FormatDuration(TimeSpan span)
    {
        var seconds = (long)Math.Ceiling(span.TotalSeconds);
        return string.Create(CultureInfo.InvariantCulture, $"{seconds / 3600}:{seconds / 60 % 60:00}:{seconds % 60:00}");
    }
}

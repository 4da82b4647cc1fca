using SvDecode.Eval.Metrics;

namespace SvDecode.Eval.Comparison;

/// <summary>How a metric's value converts to points, and which direction is better.</summary>
public static class MetricScale
{
    /// <summary>
    /// Points per unit of the metric: the BLEU/ROUGE differences (*_diff) are already on a 0–100 scale (1), every
    /// other metric is a fraction in [0, 1] whose points are percentage points (100).
    /// </summary>
    public static double PointsPerUnit(string metric) => metric.EndsWith("_diff", StringComparison.Ordinal) ? 1 : 100;

    /// <summary>True unless the registry says lower is better (unparsable); unknown metrics count as higher-is-better.</summary>
    public static bool HigherIsBetter(string metric) => !MetricRegistry.TryGet(metric, out var info) || info.HigherIsBetter;
}

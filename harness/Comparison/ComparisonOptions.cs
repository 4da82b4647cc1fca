namespace SvDecode.Eval.Comparison;

/// <param name="MaxDropPoints">The largest tolerated drop, in points (percentage points for 0–1 metrics; see <see cref="MetricScale"/>).</param>
/// <param name="Alpha">Significance level of the two-sided tests; the paired bootstrap uses a 1 − α interval.</param>
/// <param name="BootstrapIterations">Resamples of the paired bootstrap.</param>
/// <param name="Seed">Seed of the paired bootstrap, so a comparison is reproducible.</param>
/// <param name="Exact">Also compare every per-item score (<see cref="ExactComparer"/>), for deterministic pipelines.</param>
/// <param name="ExactTolerance">The largest per-item difference --exact ignores; 0 compares the values as written.</param>
public sealed record ComparisonOptions(
    double MaxDropPoints = 1.0, double Alpha = 0.05, int BootstrapIterations = 2000, int Seed = 0, bool Exact = false, double ExactTolerance = 0);

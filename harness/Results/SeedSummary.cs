namespace SvDecode.Eval.Results;

/// <summary>
/// One metric of one cell across its warm-start seeds (matrix.seeds): the per-seed values, their mean and sample
/// standard deviation, and for a steered cell the per-seed paired deltas against the same seed unsteered (and their
/// mean and standard deviation), so seed-to-seed spread and the steering effect are read side by side.
/// </summary>
/// <param name="Cell">The cell's id without its seed, e.g. "lora+svdecode".</param>
/// <param name="Seeds">The seeds, in the order of <paramref name="Values"/>.</param>
/// <param name="Sd">Sample standard deviation (n − 1); NaN with one seed.</param>
/// <param name="Delta">Steered cells: the paired steered − unsteered differences per seed; null otherwise.</param>
public sealed record SeedSummary(
    string Benchmark,
    string Metric,
    string Cell,
    IReadOnlyList<int> Seeds,
    IReadOnlyList<double> Values,
    double Mean,
    double Sd,
    SeedDeltaSummary? Delta);

/// <param name="Baseline">The unsteered cell's id without its seed.</param>
/// <param name="Values">Per seed (the summary's seed order) the paired Δ; NaN where a seed's Δ is missing.</param>
public sealed record SeedDeltaSummary(string Baseline, IReadOnlyList<double> Values, double Mean, double Sd);

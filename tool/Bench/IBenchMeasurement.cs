namespace SvDecode.Eval.Tool.Bench;

/// <summary>
/// One family of figures measured on each benchmark model. The built-in ones (prefill, decode, scoring) and the
/// extension slots (<see cref="SteeredDecodeMeasurement"/>, <see cref="WarmStartMeasurement"/>) implement this; the
/// bench runner runs every registered measurement in order, resetting the resident-memory peak before each, and
/// adds "&lt;model&gt;.&lt;Name&gt;.peak_rss" itself.
/// </summary>
public interface IBenchMeasurement
{
    /// <summary>A short snake_case name, also the figure-name segment ("prefill", "decode", "scoring").</summary>
    string Name { get; }

    IEnumerable<BenchFigure> Measure(BenchModelContext context, CancellationToken cancellationToken);
}

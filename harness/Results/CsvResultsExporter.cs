using System.Globalization;
using System.Text;

namespace SvDecode.Eval.Results;

/// <summary>results.csv: one row per cell × benchmark × metric, for spreadsheets and pandas (RFC 4180 quoting). The
/// matrix axes are columns (empty where they do not apply), so sweeps and seeds group without parsing cell ids.</summary>
public sealed class CsvResultsExporter : IResultsExporter
{
    public const string FileName = "results.csv";

    public string Name => "csv";

    public IReadOnlyList<string> Files => [FileName];

    public void Export(RunResults results, string outputDirectory) =>
        AtomicFile.WriteAllText(Path.Combine(outputDirectory, FileName), Render(results));

    public static string Render(RunResults results)
    {
        var sb = new StringBuilder("cell,peft,steering,decoding,epochs,seed,alpha,scoring_mask,aggregate,mu,strength,benchmark,benchmark_name,metric,value,stderr,n\n");
        foreach (var cell in results.Cells)
        {
            foreach (var benchmark in cell.Benchmarks)
            {
                foreach (var metric in benchmark.Metrics)
                {
                    sb.Append(string.Join(',',
                        Field(cell.Id), Field(cell.Peft), Field(cell.Steering), Field(cell.Method), Parameter(cell, CellParameters.Epochs), Parameter(cell, CellParameters.Seed),
                        Parameter(cell, CellParameters.Alpha), Field(cell.ScoringMask ?? ""),
                        Field(cell.Aggregate ?? ""), Parameter(cell, CellParameters.Mu), Strength(benchmark), Field(benchmark.Id), Field(benchmark.Benchmark), Field(metric.Name),
                        Number(metric.Value), metric.Stderr is { } se ? Number(se) : "", metric.N.ToString(CultureInfo.InvariantCulture)));
                    sb.Append('\n');
                }
            }
        }
        return sb.ToString();
    }

    /// <summary>The strength the cell decoded with: μ̄ (SVDecode), λ̄ (extrapolation) or β (contrastive); empty otherwise.</summary>
    private static string Strength(BenchmarkResult benchmark) =>
        new[] { "mu_bar", "lambda_bar", "beta" }.Select(k => benchmark.Diagnostics.TryGetValue(k, out var v) ? Number(v) : null).FirstOrDefault(v => v is not null) ?? "";

    private static string Parameter(CellResult cell, string name) => cell.Parameters.TryGetValue(name, out var value) ? Number(value) : "";

    /// <summary>Round-trip precision ("R"), NaN and infinities as pandas reads them.</summary>
    private static string Number(double value) =>
        double.IsNaN(value) ? "nan" : double.IsPositiveInfinity(value) ? "inf" : double.IsNegativeInfinity(value) ? "-inf" : value.ToString("R", CultureInfo.InvariantCulture);

    private static string Field(string text) =>
        text.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : text;
}

using System.Globalization;
using System.Text;
using SvDecode.Eval.Pipeline;

namespace SvDecode.Eval.Results;

/// <summary>
/// report.md's "Warm-start budget" table of one benchmark (matrix.warmstart_epochs with two or more budgets): per
/// adapter, budget and metric the plain adapter (and its paired Δ against the pre-trained model when the matrix has
/// peft: none), beside each decoding cell of that adapter with its paired Δ against the plain adapter and interval.
/// It answers the budget curve's question in one place: does steering after a short warm-start recover part of what
/// training longer gains?
/// </summary>
public static class WarmStartBudgetTable
{
    public static void Append(StringBuilder sb, RunResults results, string benchmark, IReadOnlyList<string> metrics)
    {
        var cells = results.Cells
            .Where(c => c.Benchmarks.Any(b => b.Id == benchmark) && c.Parameters.ContainsKey(CellParameters.Epochs))
            .Select(c => (Result: c, Cell: MatrixCell.Parse(c.Id)))
            .Where(c => c.Cell is not null)
            .ToList();
        var plain = cells.Where(c => c.Result.Method == "off").ToList();
        if (plain.Select(c => c.Cell!.Epochs).Distinct().Count() < 2)
        {
            return;
        }
        var pretrained = results.Cells.FirstOrDefault(c => c.Peft == "none" && c.Benchmarks.Any(b => b.Id == benchmark));
        sb.Append("Warm-start budget (each adapter after that many epochs, plain and with each decoding method; Δ paired on the same items):\n\n");
        sb.Append("| adapter | epochs | metric | plain | Δ plain vs pre-trained | 95% CI | decoding | with decoding | Δ (paired) | 95% CI | n |\n");
        sb.Append("|---|---:|---|---:|---:|---|---|---:|---:|---|---:|\n");
        var adapters = plain.OrderBy(c => (c.Cell! with { Epochs = null }).Id, StringComparer.Ordinal).ThenBy(c => c.Cell!.Epochs);
        foreach (var (result, cell) in adapters)
        {
            var adapter = (cell! with { Epochs = null }).Id;
            var epochs = cell.Epochs!.Value.ToString("R", CultureInfo.InvariantCulture);
            var decoded = cells.Where(c => c.Result.Method != "off" && c.Cell!.Unsteered() == cell).Select(c => c.Result).ToList();
            foreach (var metric in metrics)
            {
                if (Value(result, benchmark, metric) is not { } value)
                {
                    continue;
                }
                var gain = pretrained is null ? null : MarkdownReportExporter.Delta(results, benchmark, metric, result.Id, pretrained.Id);
                var head = $"| {adapter} | {epochs} | {metric} | {MarkdownReportExporter.Format(value)} | {MarkdownReportExporter.FormatDelta(gain)}";
                if (decoded.Count == 0)
                {
                    sb.Append(CultureInfo.InvariantCulture, $"{head}— | — | — | — | {value.N} |\n");
                }
                foreach (var steered in decoded)
                {
                    var delta = MarkdownReportExporter.Delta(results, benchmark, metric, steered.Id, result.Id);
                    var name = MatrixCell.Parse(steered.Id) is { } parsed ? (parsed with { Epochs = null }).Id : steered.Id;
                    sb.Append(CultureInfo.InvariantCulture,
                        $"{head}{name} | {MarkdownReportExporter.Format(Value(steered, benchmark, metric))} | {MarkdownReportExporter.FormatDelta(delta)}{delta?.N ?? value.N} |\n");
                }
            }
        }
        sb.Append('\n');
    }

    private static MetricValue? Value(CellResult cell, string benchmark, string metric) =>
        cell.Benchmarks.FirstOrDefault(b => b.Id == benchmark)?.Metrics.FirstOrDefault(m => m.Name == metric);
}

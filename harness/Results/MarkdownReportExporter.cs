using System.Globalization;
using System.Text;
using SvDecode.Eval.Pipeline.Spec;

namespace SvDecode.Eval.Results;

/// <summary>
/// report.md: per benchmark the PEFT × steering table (value ± standard error, and the paired steered − unsteered
/// difference with its bootstrap interval), with a warm-start budget sweep the budget table and, when its items carry
/// groups, the per-group table; the μ̄ table, other diagnostics and stage timings.
/// </summary>
public sealed class MarkdownReportExporter : IResultsExporter
{
    public const string FileName = "report.md";

    public string Name => "markdown";

    public IReadOnlyList<string> Files => [FileName];

    public void Export(RunResults results, string outputDirectory) =>
        AtomicFile.WriteAllText(Path.Combine(outputDirectory, FileName), Render(results));

    public static string Render(RunResults results)
    {
        var m = results.Manifest;
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"# {m.PipelineName}\n\n");
        if (m.Model is { Synthetic: true })
        {
            sb.Append("> **Synthetic demo model.** These numbers come from the bundled demo model trained on a synthetic world; " +
                      "they show the pipeline works and say nothing about SVDecode on real models.\n\n");
        }
        sb.Append(CultureInfo.InvariantCulture, $"Status: **{results.Status.ToString().ToLowerInvariant()}**");
        sb.Append(results.Error is null ? "\n\n" : $" — {results.Error}\n\n");
        sb.Append(CultureInfo.InvariantCulture, $"Pipeline `{Path.GetFileName(m.PipelineFile)}` (sha256 `{Short(m.PipelineSha256)}`)");
        if (m.Model is { } model)
        {
            sb.Append(CultureInfo.InvariantCulture, $", model `{Path.GetFileName(model.Path)}`{(model.ModelType is { } type ? $" ({type})" : "")}");
        }
        sb.Append(CultureInfo.InvariantCulture, $", seed {m.Seed}");
        sb.Append(m.Limit is { } limit ? $", limit {limit}" : "");
        sb.Append(CultureInfo.InvariantCulture, $", svdecode-eval {m.ToolVersion}{(m.GitCommit is { } commit ? $" ({Short(commit)})" : "")}.\n\n");
        var benchmarks = results.Cells.SelectMany(c => c.Benchmarks.Select(b => b.Id)).Distinct().ToList();
        foreach (var benchmark in benchmarks)
        {
            AppendBenchmark(sb, results, benchmark);
        }
        if (benchmarks.Count == 0)
        {
            sb.Append("No cell finished.\n\n");
        }
        AppendPairingNote(sb, results);
        AppendStrengths(sb, results);
        AppendDiagnostics(sb, results);
        AppendTimings(sb, results);
        return sb.ToString();
    }

    private static string Short(string hash) => hash.Length > 12 ? hash[..12] : hash;

    /// <summary>
    /// One row per adapter (PEFT method and seed; per steered cell when a sweep gives several) and metric; peft: none
    /// is the pre-trained baseline row, which is not steered. Then, with a baseline, every cell against it, and
    /// with seeds, every cell across its seeds.
    /// </summary>
    private static void AppendBenchmark(StringBuilder sb, RunResults results, string benchmark)
    {
        sb.Append(CultureInfo.InvariantCulture, $"## {benchmark}\n\n");
        var cells = results.Cells.Where(c => c.Benchmarks.Any(b => b.Id == benchmark)).ToList();
        var metrics = cells.SelectMany(c => Of(c, benchmark).Metrics.Select(x => x.Name)).Distinct().ToList();
        if (metrics.Count == 0)
        {
            sb.Append("No metrics yet.\n\n");
            return;
        }
        // A run without any method still shows the SVDecode columns, empty, as it always has.
        var methods = cells.Select(c => c.Method).Where(m => m != Off).Distinct().OrderBy(Pipeline.Spec.MatrixDecodingExtensions.Order).DefaultIfEmpty(SvDecode).ToList();
        AppendHeader(sb, methods);
        foreach (var adapter in cells.GroupBy(UnsteeredId))
        {
            var off = adapter.FirstOrDefault(c => c.Method == Off);
            var pretrained = off?.Peft == NoAdapter;
            foreach (var row in Rows(adapter, methods.Count))
            {
                var label = pretrained ? "none (pre-trained)" : row.Label ?? adapter.Key;
                foreach (var metric in metrics)
                {
                    var without = off is null ? null : Of(off, benchmark).Metrics.FirstOrDefault(x => x.Name == metric);
                    var with = methods.Select(m => row.Cells.FirstOrDefault(c => c.Method == m)).ToList();
                    var values = with.Select(c => c is null ? null : Of(c, benchmark).Metrics.FirstOrDefault(x => x.Name == metric)).ToList();
                    if (without is null && values.All(v => v is null))
                    {
                        continue;
                    }
                    sb.Append(CultureInfo.InvariantCulture, $"| {label} | {metric} | {Format(without)} | ");
                    PairedDelta? last = null;
                    for (var k = 0; k < methods.Count; k++)
                    {
                        last = with[k] is null || off is null ? null : Delta(results, benchmark, metric, with[k]!.Id, off.Id);
                        sb.Append(pretrained ? "n/a (no adapter)" : Format(values[k])).Append(" | ").Append(FormatDelta(last));
                    }
                    sb.Append(CultureInfo.InvariantCulture, $"{last?.N ?? values.LastOrDefault(v => v is not null)?.N ?? without?.N} |\n");
                }
            }
        }
        sb.Append('\n');
        AppendAgainstPretrained(sb, results, benchmark, cells, metrics);
        WarmStartBudgetTable.Append(sb, results, benchmark, metrics);
        AppendAcrossSeeds(sb, results, benchmark);
        GroupReportTable.Append(sb, results, benchmark, Format);
    }

    private const string NoAdapter = "none";

    private const string Off = "off";

    private const string SvDecode = "svdecode";

    /// <summary>
    /// One column per decoding method, each with its paired Δ against the plain adapter (off) and its interval. With
    /// SVDecode alone the columns keep their original names ("without SVDecode", "with SVDecode", "Δ (paired)").
    /// </summary>
    private static void AppendHeader(StringBuilder sb, IReadOnlyList<string> methods)
    {
        if (methods is [SvDecode])
        {
            sb.Append("| PEFT | metric | without SVDecode | with SVDecode | Δ (paired) | 95% CI | n |\n|---|---|---:|---:|---:|---|---:|\n");
            return;
        }
        sb.Append("| PEFT | metric | off (adapter) |");
        foreach (var method in methods)
        {
            sb.Append(CultureInfo.InvariantCulture, $" {method} | Δ {method} (paired) | 95% CI |");
        }
        sb.Append(" n |\n|---|---|---:|").Append(string.Concat(methods.Select(_ => "---:|---:|---|"))).Append("---:|\n");
    }

    /// <summary>
    /// The rows of one adapter: its cells with a method, grouped by their swept settings (the cell id with the method
    /// left out, e.g. "lora[alpha=0.2]"), so the methods' cells of one setting share a row; one row labelled with the
    /// adapter when there is no sweep (or no method). With SVDecode alone a sweep's row keeps the steered cell's id.
    /// </summary>
    private static IEnumerable<(string? Label, IReadOnlyList<CellResult> Cells)> Rows(IGrouping<string, CellResult> adapter, int methods)
    {
        var decoded = adapter.Where(c => c.Method != Off).ToList();
        var rows = decoded.GroupBy(c => methods == 1 ? c.Id : Pipeline.MatrixCell.Parse(c.Id) is { } cell ? (cell with { Decoding = MatrixDecoding.Off }).Id : c.Id).ToList();
        return rows.Count <= 1
            ? [(null, decoded)]
            : rows.Select(r => ((string?)r.Key, (IReadOnlyList<CellResult>)[.. r]));
    }

    /// <summary>The id of a cell's unsteered twin (same PEFT method and seed), which groups a row.</summary>
    private static string UnsteeredId(CellResult cell) => Pipeline.MatrixCell.Parse(cell.Id)?.Unsteered().Id ?? cell.Id;

    internal static PairedDelta? Delta(RunResults results, string benchmark, string metric, string cell, string baseline) =>
        results.PairedDeltas.FirstOrDefault(d => d.Benchmark == benchmark && d.Metric == metric && d.Cell == cell && d.Baseline == baseline);

    internal static string FormatDelta(PairedDelta? delta) => delta is null
        ? "— | — | "
        : FormattableString.Invariant($"{delta.Delta:+0.0000;-0.0000;0.0000} | [{delta.CiLow:0.0000}, {delta.CiHigh:0.0000}] | ");

    /// <summary>With peft: none in the matrix: every adapted cell against the pre-trained model, paired.</summary>
    private static void AppendAgainstPretrained(StringBuilder sb, RunResults results, string benchmark, IReadOnlyList<CellResult> cells, IReadOnlyList<string> metrics)
    {
        var baseline = cells.FirstOrDefault(c => c.Peft == NoAdapter);
        if (baseline is null || cells.All(c => c.Peft == NoAdapter))
        {
            return;
        }
        sb.Append("Against the pre-trained model (peft: none):\n\n| cell | metric | value | Δ vs pre-trained (paired) | 95% CI | n |\n|---|---|---:|---:|---|---:|\n");
        foreach (var cell in cells.Where(c => c.Peft != NoAdapter))
        {
            foreach (var metric in metrics)
            {
                if (Of(cell, benchmark).Metrics.FirstOrDefault(x => x.Name == metric) is not { } value)
                {
                    continue;
                }
                var delta = Delta(results, benchmark, metric, cell.Id, baseline.Id);
                sb.Append(CultureInfo.InvariantCulture, $"| {cell.Id} | {metric} | {Format(value)} | {FormatDelta(delta)}{delta?.N ?? value.N} |\n");
            }
        }
        sb.Append('\n');
    }

    /// <summary>With matrix.seeds: each cell's metric as mean ± sd across seeds beside the per-seed values, and a
    /// steered cell's per-seed paired Δ.</summary>
    private static void AppendAcrossSeeds(StringBuilder sb, RunResults results, string benchmark)
    {
        var rows = results.SeedSummaries?.Where(s => s.Benchmark == benchmark).ToList() ?? [];
        if (rows.Count == 0)
        {
            return;
        }
        sb.Append("Across warm-start seeds (mean ± sample sd; per seed in seed order):\n\n| cell | metric | seeds | mean ± sd | per seed | Δ mean ± sd | Δ per seed |\n|---|---|---|---:|---|---:|---|\n");
        foreach (var row in rows)
        {
            sb.Append(CultureInfo.InvariantCulture, $"| {row.Cell} | {row.Metric} | {string.Join(", ", row.Seeds)} | {MeanSd(row.Mean, row.Sd)} | {Values(row.Values)} | ");
            sb.Append(row.Delta is { } d ? $"{MeanSd(d.Mean, d.Sd, signed: true)} | {Values(d.Values, signed: true)} |\n" : "— | — |\n");
        }
        sb.Append('\n');
    }

    private static string MeanSd(double mean, double sd, bool signed = false) =>
        $"{Number(mean, signed)} ± {(double.IsFinite(sd) ? sd.ToString("0.0000", CultureInfo.InvariantCulture) : "—")}";

    private static string Values(IReadOnlyList<double> values, bool signed = false) => string.Join(", ", values.Select(v => Number(v, signed)));

    private static string Number(double value, bool signed) => !double.IsFinite(value)
        ? "—"
        : value.ToString(signed ? "+0.0000;-0.0000;0.0000" : "0.0000", CultureInfo.InvariantCulture);

    private static BenchmarkResult Of(CellResult cell, string benchmark) => cell.Benchmarks.First(b => b.Id == benchmark);

    internal static string Format(MetricValue? metric)
    {
        if (metric is null)
        {
            return "—";
        }
        var value = metric.Value.ToString("0.0000", CultureInfo.InvariantCulture);
        return metric.Stderr is { } se && double.IsFinite(se) ? $"{value} ± {se.ToString("0.0000", CultureInfo.InvariantCulture)}" : value;
    }

    private static void AppendPairingNote(StringBuilder sb, RunResults results)
    {
        if (results.PairedDeltas is [var d, ..])
        {
            sb.Append(CultureInfo.InvariantCulture,
                $"Δ is the mean over the same items of (with − without {(results.Cells.All(c => c.Method is Off or SvDecode) ? "SVDecode" : "the decoding method")}, or cell − pre-trained); its {d.Confidence:0%} interval is a percentile bootstrap " +
                $"of {d.Iterations} resamples (seed {d.Seed}). Values are ± one standard error.\n\n");
        }
    }

    /// <summary>μ̄ and the other strength aggregates (diagnostics named mu_*) of every steered unit.</summary>
    private static void AppendStrengths(StringBuilder sb, RunResults results)
    {
        var rows = Units(results).Where(u => u.Result.Diagnostics.Keys.Any(IsStrength)).ToList();
        if (rows.Count == 0)
        {
            return;
        }
        var keys = rows.SelectMany(r => r.Result.Diagnostics.Keys.Where(IsStrength)).Distinct()
            .OrderBy(k => k is "mu_bar" or "lambda_bar" or "beta" ? 0 : 1).ThenBy(k => k, StringComparer.Ordinal).ToList();
        // Every method's strength in one table: μ̄ (SVDecode), λ̄ (extrapolation), β (contrastive).
        sb.Append(keys.All(k => k.StartsWith("mu_", StringComparison.Ordinal)) ? "## Steering strength μ̄\n\n" : "## Decoding strength (μ̄ SVDecode, λ̄ extrapolation, β contrastive)\n\n");
        AppendDiagnosticTable(sb, rows, keys);
    }

    private static void AppendDiagnostics(StringBuilder sb, RunResults results)
    {
        var rows = Units(results).Where(u => u.Result.Diagnostics.Keys.Any(k => !IsStrength(k))).ToList();
        if (rows.Count == 0)
        {
            return;
        }
        var keys = rows.SelectMany(r => r.Result.Diagnostics.Keys.Where(k => !IsStrength(k))).Distinct().Order(StringComparer.Ordinal).ToList();
        sb.Append("## Diagnostics\n\n");
        AppendDiagnosticTable(sb, rows, keys);
    }

    private static bool IsStrength(string diagnostic) =>
        diagnostic.StartsWith("mu_", StringComparison.Ordinal) || diagnostic.StartsWith("lambda_", StringComparison.Ordinal) || diagnostic == "beta";

    private static IEnumerable<(string Cell, BenchmarkResult Result)> Units(RunResults results) =>
        results.Cells.SelectMany(c => c.Benchmarks.Select(b => (c.Id, b)));

    private static void AppendDiagnosticTable(StringBuilder sb, IReadOnlyList<(string Cell, BenchmarkResult Result)> rows, IReadOnlyList<string> keys)
    {
        sb.Append("| cell | benchmark | ").Append(string.Join(" | ", keys)).Append(" |\n");
        sb.Append("|---|---|").Append(string.Concat(keys.Select(_ => "---:|"))).Append('\n');
        foreach (var (cell, result) in rows)
        {
            sb.Append(CultureInfo.InvariantCulture, $"| {cell} | {result.Id} |");
            foreach (var key in keys)
            {
                sb.Append(' ').Append(result.Diagnostics.TryGetValue(key, out var v) ? v.ToString("G4", CultureInfo.InvariantCulture) : "—").Append(" |");
            }
            sb.Append('\n');
        }
        sb.Append('\n');
    }

    private static void AppendTimings(StringBuilder sb, RunResults results)
    {
        if (results.Timings.Count == 0)
        {
            return;
        }
        sb.Append("## Timings and memory\n\n");
        // Peaks are read against the weights of the run's model (the first load), the figure memory is sized by.
        var weights = results.ModelLoads.Count > 0 ? results.ModelLoads[0].WeightBytes : 0;
        foreach (var load in results.ModelLoads)
        {
            sb.Append(CultureInfo.InvariantCulture,
                $"Loaded `{load.Path}` ({load.Dtype}, {load.Device}): {load.Parameters:N0} parameters, {Gib(load.WeightBytes)} GiB of weights in {load.Seconds:0.0} s; resident {Gib(load.ResidentBeforeBytes)} GiB before the weights (tokenizer and LibTorch loaded), {Gib(load.ResidentAfterBytes)} GiB after.\n\n");
        }
        var before = results.ModelLoads.Count > 0 ? results.ModelLoads[0].ResidentBeforeBytes : 0;
        sb.Append("| stage | runs | reused | seconds | peak resident (GiB) | of which KV caches (GiB) | peak / weights | (peak − before) / weights | (peak − before − KV) / weights |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        foreach (var group in results.Timings.GroupBy(t => t.Stage))
        {
            var peak = group.Max(t => t.PeakResidentBytes);
            var kv = group.Max(t => t.PeakKvCacheBytes);
            // The last ratio is the one memory is budgeted by (weights × a constant + the batch's caches): per run, then the worst.
            var overKv = group.Where(t => t.PeakResidentBytes is not null).Select(t => t.PeakResidentBytes - (t.PeakKvCacheBytes ?? 0)).Max();
            sb.Append(CultureInfo.InvariantCulture,
                $"| {group.Key} | {group.Count(t => !t.Reused)} | {group.Count(t => t.Reused)} | {group.Sum(t => t.Seconds):0.0} | {(peak is { } p ? Gib(p) : "—")} | {(kv is { } k ? Gib(k) : "—")} | {Ratio(peak, 0, weights)} | {Ratio(peak, before, weights)} | {Ratio(overKv, before, weights)} |\n");
        }
        var wall = (results.Manifest.FinishedAt - results.Manifest.StartedAt).TotalSeconds;
        sb.Append(CultureInfo.InvariantCulture, $"| total (wall clock) | | | {wall:0.0} | | | | | |\n\n");
    }

    /// <summary>(peak − baseline) / weights; "—" without a figure, or for a stage that ran before the model was loaded.</summary>
    private static string Ratio(long? peak, long baseline, long weights) =>
        peak is { } p && weights > 0 && p >= baseline ? ((p - baseline) / (double)weights).ToString("0.00", CultureInfo.InvariantCulture) : "—";

    private static string Gib(long bytes) => (bytes / (double)(1L << 30)).ToString("0.00", CultureInfo.InvariantCulture);
}

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SvDecode.Eval.Metrics;
using SvDecode.Eval.Peft;
using SvDecode.Eval.Pipeline;
using SvDecode.Eval.Pipeline.Spec;
using SvDecode.Eval.Results;

namespace SvDecode.Eval.Sharding;

/// <summary>
/// `merge`: rebuilds one run's results from its shard folders — the results.json a single process would have written
/// (apart from timings and manifest.shards), with metrics, standard errors and paired bootstrap deltas recomputed from
/// the merged per-item scores — and writes it through every exporter (report.md, results.csv, plots, item logs).
/// </summary>
public sealed class ShardMerger(IEnumerable<IResultsExporter> exporters, ILogger<ShardMerger>? logger = null)
{
    private readonly ILogger _logger = (ILogger?)logger ?? NullLogger.Instance;

    /// <param name="arguments">Shard folders, or run directories holding shards/.</param>
    /// <param name="output">Where to write; null: the run directory the shards/ folder sits in.</param>
    /// <returns>The merged results, where they were written, and the exporters that failed (the others still wrote).</returns>
    public (RunResults Results, string Output, IReadOnlyList<string> ExporterErrors) Merge(IReadOnlyList<string> arguments, string? output)
    {
        var shards = ShardFolder.Discover(arguments).Select(ShardFolder.Load).OrderBy(s => s.Shard.Index).ToList();
        ShardConsistency.Check(shards);
        var target = Path.GetFullPath(output ?? DefaultOutput(shards));
        Directory.CreateDirectory(target);
        using var runLock = RunLock.Acquire(target);
        var scratch = Path.Combine(target, $".merge-tmp-{Guid.NewGuid():N}");
        try
        {
            var results = Build(shards, scratch);
            var errors = new List<string>();
            foreach (var exporter in exporters)
            {
                try
                {
                    exporter.Export(results, target);
                }
                catch (Exception ex)
                {
                    _logger.LogError(ex, "Exporter '{Exporter}' failed; the other exporters still ran.", exporter.Name);
                    errors.Add($"exporter '{exporter.Name}' failed: {ex.Message}");
                }
            }
            return (results, target, errors);
        }
        finally
        {
            if (Directory.Exists(scratch))
            {
                Directory.Delete(scratch, recursive: true);
            }
        }
    }

    /// <summary>The run directory: the parent of the shards/ folder every shard sits in.</summary>
    private static string DefaultOutput(IReadOnlyList<ShardFolder> shards)
    {
        var parents = shards.Select(s => Path.GetDirectoryName(s.Path)!).Distinct(StringComparer.Ordinal).ToList();
        if (parents.Count != 1 || Path.GetFileName(parents[0]) != ShardSpec.FolderParent)
        {
            throw new InputException("merge: the shards are not all in one <run>/shards/ folder; say where to write with --out <dir>");
        }
        return Path.GetDirectoryName(parents[0])!;
    }

    private static RunResults Build(IReadOnlyList<ShardFolder> shards, string scratch)
    {
        var first = shards[0];
        var parts = (from shard in shards
                     from unit in shard.Units
                     select (Shard: shard, Scores: unit)).GroupBy(p => p.Scores.UnitIndex).OrderBy(g => g.Key).ToList();
        var units = new List<MergedUnit>();
        foreach (var group in parts)
        {
            var ordered = group.OrderBy(p => p.Scores.Part).ToList();
            units.Add(MergeUnit([.. ordered.Select(p => (p.Shard, p.Scores))], scratch));
        }
        var manifest = first.Results.Manifest with
        {
            Inputs = [.. shards.SelectMany(s => s.Results.Manifest.Inputs).DistinctBy(i => i.Path).OrderBy(i => i.Path, StringComparer.Ordinal)],
            StartedAt = shards.Min(s => s.Results.Manifest.StartedAt),
            FinishedAt = shards.Max(s => s.Results.Manifest.FinishedAt),
            Shard = null,
            Shards = [.. shards.Select(s => new MergedShard(s.Shard.Index, s.Shard.Count, s.Path, s.Results.Manifest.StartedAt, s.Results.Manifest.FinishedAt, s.Results.Manifest.Machine))],
        };
        var cells = units
            .GroupBy(u => u.Cell.Id)
            .Select(g => g.First().Cell with { Benchmarks = [.. g.Select(u => u.Benchmark)] })
            .ToList();
        var deltas = PairedDeltaCalculator.Compute(
            [.. units.Select(u => (CellOf(u.Cell), u.Benchmark.Id, u.Scores))],
            first.Shard.BootstrapIterations,
            manifest.Seed);
        return new RunResults(RunResults.SchemaName, RunResults.CurrentSchemaVersion, RunStatus.Complete, null, manifest, cells, deltas, [.. units.SelectMany(u => u.Timings)])
        {
            ItemLogs = manifest.LogItems ? [.. units.Select(u => new UnitItemLog(u.Cell.Id, u.Benchmark.Id, u.Scores, u.Outputs))] : [],
            ModelLoads = [.. shards.SelectMany(s => s.Results.ModelLoads)], // every shard's own loads, in shard order
            SeedSummaries = SeedSummaries.Of(cells, deltas),
        };
    }

    private static MergedUnit MergeUnit(IReadOnlyList<(ShardFolder Shard, ShardUnitScores Scores)> parts, string scratch)
    {
        var unit = parts[0].Scores;
        var label = $"{unit.Cell} / {unit.Benchmark}";
        if (parts.Count != unit.Parts || parts.Select((p, i) => p.Scores.Part != i || p.Scores.Parts != unit.Parts).Any(bad => bad))
        {
            throw new InputException($"{label}: the shards hold parts {string.Join(", ", parts.Select(p => p.Scores.Part))} of its {unit.Parts} item parts");
        }
        var cells = parts.Select(p => p.Shard.Results.Cells.FirstOrDefault(c => c.Id == unit.Cell)
            ?? throw new InputException($"{p.Shard.Label}: results.json has no cell '{unit.Cell}' although the shard ran it")).ToList();
        var benchmarks = cells.Select((c, i) => c.Benchmarks.FirstOrDefault(b => b.Id == unit.Benchmark)
            ?? throw new InputException($"{parts[i].Shard.Label}: results.json has no benchmark '{unit.Benchmark}' in cell '{unit.Cell}'")).ToList();
        var timings = parts.SelectMany(p => p.Shard.Results.Timings.Where(t => t.Cell == unit.Cell && t.Benchmark == unit.Benchmark)).ToList();
        var cell = cells[0] with { Benchmarks = [] };
        if (parts.Count == 1)
        {
            var outputs = unit.Outputs is null ? null : Path.Combine(parts[0].Shard.Path, unit.Outputs);
            return new MergedUnit(cell, benchmarks[0], unit.Scores, outputs, timings);
        }

        // Item parts: concatenating in part order gives the single run's item order (ItemShare slices contiguously).
        var scores = parts.SelectMany(p => p.Scores.Scores).Select(s => s.Metric).Distinct(StringComparer.Ordinal)
            .Select(metric => new ItemScores(
                metric,
                [.. parts.SelectMany(p => p.Scores.Scores.Where(s => s.Metric == metric).SelectMany(s => s.ItemIds))],
                [.. parts.SelectMany(p => p.Scores.Scores.Where(s => s.Metric == metric).SelectMany(s => s.Values))]))
            .ToList();
        var metrics = benchmarks.SelectMany(b => b.Metrics).Select(m => m.Name).Distinct(StringComparer.Ordinal)
            .Select(name => scores.FirstOrDefault(s => s.Metric == name) is { } perItem
                ? FromItems(perItem)
                : benchmarks.SelectMany(b => b.Metrics).First(m => m.Name == name))
            .ToList();
        var joined = ConcatenateOutputs(parts, scratch);
        var benchmark = benchmarks[0] with
        {
            Metrics = metrics,
            Diagnostics = DiagnosticMerge.Combine([.. benchmarks.Select(b => b.Diagnostics)], label),
            Groups = GroupBreakdown.Of(scores, joined),
        };
        return new MergedUnit(cell, benchmark, scores, joined, timings);
    }

    /// <summary>A metric over the merged items, exactly as the score stage computes it (MetricSummary: mean, s.e., n).</summary>
    private static MetricValue FromItems(ItemScores scores)
    {
        var summary = MetricSummary.Of(scores.Metric, [.. scores.Values]);
        return new MetricValue(summary.Name, summary.Mean, summary.StdErr, summary.Count);
    }

    /// <summary>The parts' items.jsonl, one after the other, in a scratch file the item-log exporter reads.</summary>
    private static string? ConcatenateOutputs(IReadOnlyList<(ShardFolder Shard, ShardUnitScores Scores)> parts, string scratch)
    {
        var files = parts.Where(p => p.Scores.Outputs is not null).Select(p => Path.Combine(p.Shard.Path, p.Scores.Outputs!)).ToList();
        if (files.Count == 0)
        {
            return null;
        }
        Directory.CreateDirectory(scratch);
        var path = Path.Combine(scratch, $"{parts[0].Scores.UnitIndex}.items.jsonl");
        using var writer = new StreamWriter(path);
        foreach (var line in files.SelectMany(File.ReadLines).Where(l => !string.IsNullOrWhiteSpace(l)))
        {
            writer.Write(line);
            writer.Write('\n');
        }
        return path;
    }

    /// <summary>The matrix cell a result cell stands for (read back from its id), for pairing.</summary>
    private static MatrixCell CellOf(CellResult cell) =>
        MatrixCell.Parse(cell.Id) ?? throw new InputException($"shard results: '{cell.Id}' is not a cell id this version writes.");

    private sealed record MergedUnit(CellResult Cell, BenchmarkResult Benchmark, IReadOnlyList<ItemScores> Scores, string? Outputs, IReadOnlyList<StageTiming> Timings);
}

using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SvDecode.Eval.Metrics;
using SvDecode.Eval.Pipeline;
using SvDecode.Eval.Pipeline.Spec;
using SvDecode.Eval.Platform;
using SvDecode.Eval.Progress;
using SvDecode.Eval.Results;
using SvDecode.Eval.Sharding;

namespace SvDecode.Eval.Engine;

/// <summary>
/// Runs every registered stage, in order, for every (cell, benchmark) unit of a pipeline, reusing artifacts whose
/// key (a hash of configuration and inputs) already exists, and writes the results through every exporter.
/// Callable in-process: <c>await PipelineRunner.RunAsync(request, services, ct)</c>.
/// </summary>
public sealed class PipelineRunner(IServiceProvider services)
{
    private readonly ILogger _logger = services.GetService<ILoggerFactory>()?.CreateLogger<PipelineRunner>() ?? NullLogger<PipelineRunner>.Instance;

    public static Task<RunResults> RunAsync(RunRequest request, IServiceProvider services, CancellationToken cancellationToken) =>
        new PipelineRunner(services).RunAsync(request, new LogRunProgress(NullLogger.Instance), cancellationToken);

    public async Task<RunResults> RunAsync(RunRequest request, IRunProgress progress, CancellationToken cancellationToken)
    {
        NativeHeap.Configure(); // a run allocates and frees tensors of megabytes all the time: reuse them without page faults
        // Results, reports and logs read the same on every machine whatever the host's culture; set here, it flows
        // into everything this run awaits and reverts for the caller when the run returns.
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        var spec = request.Document.Spec;
        var output = request.ResolvedOutputDirectory;
        var artifactsRoot = Path.Combine(output, "artifacts");
        if (request.Resume && !Directory.Exists(artifactsRoot))
        {
            throw new InputException($"--resume: there is no earlier run to resume in {output} (no artifacts folder)");
        }
        OutputFolder.Prepare(output, "the run's output folder (--output)");
        using var runLock = RunLock.Acquire(output);
        var store = new ArtifactStore(artifactsRoot, _logger);
        var abandoned = store.RemoveAbandoned();
        if (abandoned > 0)
        {
            _logger.LogInformation("Removed {Count} unfinished artifact(s) of an interrupted run.", abandoned);
        }
        var hasher = new FileHasher(Path.Combine(output, ".cache", "file-hashes.json"));
        hasher.Hash(request.Document.FilePath, "pipeline");
        var session = new RunSession(request, progress, store, hasher);
        var stages = services.GetServices<IPipelineStage>().OrderBy(s => s.Order).ToList();
        CheckReads(stages);
        var allUnits = (from cell in MatrixCell.Expand(spec) from benchmark in spec.Benchmarks select new WorkUnit(cell, benchmark)).ToList();
        _logger.LogInformation("Run '{Name}': {Cells} cell(s) x {Benchmarks} benchmark(s), stages {Stages}, into {Output}",
            spec.Name, allUnits.Count / Math.Max(1, spec.Benchmarks.Count), spec.Benchmarks.Count, string.Join(" → ", stages.Select(s => s.Name)), output);
        foreach (var note in MatrixNotes.Of(spec))
        {
            _logger.LogWarning("{Note}", note);
        }
        var units = request.Shard is { } shard
            ? ShardPlanner.Assign(allUnits, shard)
            : [.. allUnits.Select((u, i) => (u, new UnitAssignment(i, u.Cell.Id, u.Benchmark.Id, 0, 1)))];
        if (request.Shard is not null)
        {
            _logger.LogInformation("Shard {Shard}: {Units}", request.Shard,
                string.Join(", ", units.Select(u => ItemShare.Of(u.Assignment) is { } share ? $"{u.Unit} ({share})" : u.Unit.ToString())));
        }

        var started = DateTimeOffset.UtcNow;
        var finished = new List<FinishedUnit>();
        var timings = new List<StageTiming>();
        var status = RunStatus.Complete;
        string? error = null;
        var unwritten = new List<string>();
        try
        {
            using var overall = progress.Start(spec.Name, units.Count, "units");
            foreach (var (unit, assignment) in units)
            {
                cancellationToken.ThrowIfCancellationRequested();
                finished.Add(new FinishedUnit(unit, assignment, await RunUnitAsync(session, stages, unit, ItemShare.Of(assignment), timings, cancellationToken)));
                overall.Increment();
            }
        }
        catch (OperationCanceledException)
        {
            status = RunStatus.Cancelled;
            error = "cancelled before every unit finished; run again (or with --resume) to finish";
            throw;
        }
        catch (Exception ex)
        {
            status = RunStatus.Failed;
            error = ex.Message;
            throw;
        }
        finally
        {
            // Nothing here may hide why the run stopped: a file that cannot be written (a full disk) is collected.
            TryWrite("the file-hash cache", hasher.Save, null); // only saves re-hashing next time: never fails a run
            var results = BuildResults(session, status, error, finished, timings, started);
            if (request.Shard is not null)
            {
                TryWrite(ShardUnitScores.FileName, () => WriteShardScores(finished, output), unwritten);
            }
            Export(results, output, unwritten);
            LastResults = results;
        }
        if (unwritten.Count > 0)
        {
            throw new IOException(
                $"Every unit finished, but these results could not be written in {output}: {string.Join("; ", unwritten)}. " +
                "The artifacts are kept: free space (or fix the folder) and run again with --resume to write them.");
        }
        return LastResults!;
    }

    /// <summary>Writes, and on an IO failure logs it and adds it to <paramref name="unwritten"/> (when given).</summary>
    private void TryWrite(string what, Action write, List<string>? unwritten)
    {
        try
        {
            write();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _logger.LogError("Could not write {What}: {Message}", what, ex.Message);
            unwritten?.Add($"{what} ({ex.Message})");
        }
    }

    /// <summary>The results of the last run, also when it ended with an exception (they were exported too).</summary>
    public RunResults? LastResults { get; private set; }

    private async Task<IReadOnlyList<ArtifactReader>> RunUnitAsync(
        RunSession session, IReadOnlyList<IPipelineStage> stages, WorkUnit unit, ItemShare? share, List<StageTiming> timings, CancellationToken cancellationToken)
    {
        var inputs = new Dictionary<string, ArtifactReader>(StringComparer.Ordinal);
        foreach (var stage in stages)
        {
            var context = new StageContext(session, stage, unit, new Dictionary<string, ArtifactReader>(inputs), _logger, share);
            if (!stage.AppliesTo(unit, context))
            {
                continue;
            }
            var key = ArtifactKey(stage, stage.Fingerprint(context), inputs);
            long? peak = null, kv = null, start = null;
            var clock = Stopwatch.StartNew();
            var artifact = session.Store.TryOpen(stage.Name, key);
            var reused = artifact is not null;
            if (artifact is null)
            {
                _logger.LogInformation("{Unit}: {Stage} …", unit, stage.Name);
                var writer = session.Store.BeginWrite(stage.Name, key);
                context.Output = writer;
                var memory = StageMemory.Begin();
                try
                {
                    await stage.RunAsync(context, cancellationToken);
                    peak = memory.PeakBytes();
                    kv = memory.PeakKvCacheBytes();
                    start = peak is null ? null : memory.StartBytes();
                    cancellationToken.ThrowIfCancellationRequested();
                    artifact = session.Store.Commit(writer, stage.Name, stage.Version, key, unit.ToString());
                }
                catch (IOException ex) when (DiskFull.Is(ex))
                {
                    ArtifactStore.Abandon(writer);
                    throw new IOException(
                        $"{unit}: {stage.Name}: the disk is full ({ex.Message.Trim()}). The stage's unfinished artifact was removed and every " +
                        "finished one is kept: free space and run again with --resume.", ex);
                }
                catch
                {
                    ArtifactStore.Abandon(writer);
                    throw;
                }
                _logger.LogInformation("{Unit}: {Stage} done in {Seconds:0.0}s", unit, stage.Name, clock.Elapsed.TotalSeconds);
            }
            else
            {
                _logger.LogInformation("{Unit}: {Stage} reused ({Key})", unit, stage.Name, key);
            }
            timings.Add(new StageTiming(unit.Cell.Id, unit.Benchmark.Id, stage.Name, key, reused, Math.Round(clock.Elapsed.TotalSeconds, 3)) { StartResidentBytes = start, PeakResidentBytes = peak, PeakKvCacheBytes = kv });
            inputs[stage.Name] = artifact;
        }
        return [.. inputs.Values];
    }

    /// <summary>
    /// Every output a stage reads is written by a stage that runs before it. One written by a stage that is not
    /// registered is allowed (the reader sees it absent); one written by the stage itself or a later one is a wiring
    /// error, reported before any work.
    /// </summary>
    internal static void CheckReads(IReadOnlyList<IPipelineStage> stages)
    {
        foreach (var stage in stages)
        {
            foreach (var output in stage.Reads)
            {
                if (stages.FirstOrDefault(s => s.Name == output.Stage) is { } writer && writer.Order >= stage.Order)
                {
                    throw new InvalidOperationException(
                        $"Stage '{stage.Name}' (order {stage.Order}) reads {output}, but '{writer.Name}' (order {writer.Order}) does not run before it.");
                }
            }
        }
    }

    /// <summary>SHA-256 of the stage's identity, its fingerprint and the keys of everything it could read.</summary>
    internal static string ArtifactKey(IPipelineStage stage, object fingerprint, IReadOnlyDictionary<string, ArtifactReader> inputs)
    {
        var material = new
        {
            stage = stage.Name,
            version = stage.Version,
            fingerprint = JsonSerializer.SerializeToElement(fingerprint, fingerprint.GetType(), Json.Canonical),
            inputs = new SortedDictionary<string, string>(inputs.ToDictionary(i => i.Key, i => i.Value.Key), StringComparer.Ordinal),
        };
        var bytes = JsonSerializer.SerializeToUtf8Bytes(material, Json.Canonical);
        return Convert.ToHexStringLower(SHA256.HashData(bytes))[..24];
    }

    private static RunResults BuildResults(
        RunSession session, RunStatus status, string? error,
        List<FinishedUnit> finished, List<StageTiming> timings, DateTimeOffset started)
    {
        var document = session.Document;
        var spec = document.Spec;
        var cells = finished
            .GroupBy(f => f.Unit.Cell)
            .Select(g => new CellResult(
                g.Key.Id,
                g.Key.PeftName,
                g.Key.Steering.ToString().ToLowerInvariant(),
                CellParameters.Of(g.Key, spec),
                [.. g.Select(f => new BenchmarkResult(
                    f.Unit.Benchmark.Id,
                    f.Unit.Benchmark.Name,
                    [.. f.Artifacts.SelectMany(a => a.Manifest.Metrics)],
                    new SortedDictionary<string, double>(
                        f.Artifacts.SelectMany(a => a.Manifest.Diagnostics).GroupBy(d => d.Key).ToDictionary(d => d.Key, d => d.Last().Value),
                        StringComparer.Ordinal),
                    f.Artifacts.Select(a => a.Manifest.MuStar).LastOrDefault(h => h is not null))
                {
                    Groups = GroupBreakdown.Of([.. f.Artifacts.SelectMany(a => a.ItemScores())], ItemOutputs(finished, f.Unit)),
                })])
            {
                Aggregate = CellParameters.AggregateOf(g.Key, spec),
                Decoding = g.Key.Decoding.Name(),
                ScoringMask = CellParameters.ScoringMaskOf(g.Key, spec),
            })
            .ToList();
        var manifest = new RunManifest(
            ToolInfo.Version,
            ToolInfo.GitCommit,
            spec.Name,
            document.FilePath,
            document.FileSha256,
            document.Overrides,
            spec.Seed,
            session.Limit,
            ModelSummary.Read(document.Resolve(spec.Model.Path)),
            session.Request.LogItems,
            session.Hasher.Inputs,
            PackageVersions.Current,
            MachineInfo.Current(),
            started,
            DateTimeOffset.UtcNow)
        {
            Shard = session.Request.Shard is { } shard
                ? new ShardInfo(shard.Index, shard.Count, MatrixCell.Expand(spec).Count * spec.Benchmarks.Count, spec.Scoring.BootstrapIterations,
                    ShardInputs.Digest(session.Hasher.Inputs), [.. ShardPlanner.Assign(
                        [.. from cell in MatrixCell.Expand(spec) from benchmark in spec.Benchmarks select new WorkUnit(cell, benchmark)], shard).Select(a => a.Assignment)])
                : null,
        };
        var unitScores = finished.Select(f => (f.Unit, Scores: (IReadOnlyList<ItemScores>)[.. f.Artifacts.SelectMany(a => a.ItemScores())])).ToList();
        var deltas = PairedDeltaCalculator.Compute(
            [.. unitScores.Select(u => (u.Unit.Cell, u.Unit.Benchmark.Id, u.Scores))],
            spec.Scoring.BootstrapIterations,
            spec.Seed);
        return new RunResults(RunResults.SchemaName, RunResults.CurrentSchemaVersion, status, error, manifest, cells, deltas, timings)
        {
            ItemLogs = session.Request.LogItems
                ? [.. unitScores.Select(u => new UnitItemLog(u.Unit.Cell.Id, u.Unit.Benchmark.Id, u.Scores, ItemOutputs(finished, u.Unit)))]
                : [],
            ModelLoads = session.ModelLoads,
            SeedSummaries = SeedSummaries.Of(cells, deltas),
        };
    }

    /// <summary>The per-item outputs file a stage (score) wrote for the unit, if any.</summary>
    private static string? ItemOutputs(List<FinishedUnit> finished, WorkUnit unit) =>
        finished.First(f => f.Unit == unit).Artifacts.Select(a => a.ItemOutputsPath).LastOrDefault(p => p is not null);

    /// <summary>A shard's per-item scores of every finished unit, for `merge` (shard_scores.json).</summary>
    private static void WriteShardScores(List<FinishedUnit> finished, string output) =>
        AtomicFile.WriteJson(Path.Combine(output, ShardUnitScores.FileName), finished.Select(f => new ShardUnitScores(
            f.Assignment.UnitIndex, f.Unit.Cell.Id, f.Unit.Benchmark.Id, f.Assignment.Part, f.Assignment.Parts,
            f.Artifacts.Select(a => a.ItemOutputsPath).LastOrDefault(p => p is not null) is { } scored
                ? Path.GetRelativePath(output, scored).Replace('\\', '/')
                : null,
            [.. f.Artifacts.SelectMany(a => a.ItemScores())])).ToList());

    private sealed record FinishedUnit(WorkUnit Unit, UnitAssignment Assignment, IReadOnlyList<ArtifactReader> Artifacts);

    /// <summary>Each exporter on its own: one that fails is logged and collected, and does not stop the others.</summary>
    private void Export(RunResults results, string output, List<string> unwritten)
    {
        foreach (var exporter in services.GetServices<IResultsExporter>())
        {
            try
            {
                exporter.Export(results, output);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                _logger.LogError("Exporter '{Exporter}' could not write its files: {Message}", exporter.Name, ex.Message);
                unwritten.Add($"{exporter.Name} ({ex.Message})");
            }
            catch (Exception ex)
            {
                _logger.LogError(ex, "Exporter '{Exporter}' failed; the other exporters still ran.", exporter.Name);
            }
        }
    }
}

using SvDecode.Eval.LibTorch;
using SvDecode.Eval.Models;
using SvDecode.Eval.Platform;
using static TorchSharp.torch;

namespace SvDecode.Eval.Tool.Bench;

/// <summary>
/// Runs a <see cref="BenchSuite"/>: machine ceilings first, then for each model its folder (created once, seeded), a
/// load measurement and every <see cref="IBenchMeasurement"/>, each with its own resident-memory peak; then, if asked,
/// the PyTorch peer on the same folders and shapes, with our figures as ratios to its.
/// </summary>
public sealed class BenchRunner(IReadOnlyList<IBenchMeasurement> measurements, TextWriter progress)
{
    private const double MiB = 1024 * 1024;

    /// <summary>Prefill, decode, scoring and steered scoring, then the extension slots that have subjects registered;
    /// a suite runs those it names (<see cref="BenchSuite.Measurements"/>).</summary>
    public static IReadOnlyList<IBenchMeasurement> DefaultMeasurements(
        IEnumerable<ISteeredDecodeSubject> steered, IEnumerable<IWarmStartSubject> warmStart) =>
        [new PrefillMeasurement(), new DecodeMeasurement(), new ScoringMeasurement(), new SteeredScoringMeasurement(), new SteeredDecodeMeasurement(steered), new WarmStartMeasurement(warmStart)];

    public BenchReport Run(BenchSuite suite, string modelsRoot, PyTorchPeer? peer = null, CancellationToken cancellationToken = default)
    {
        MklVendorCheck.EnsureApplied();
        set_num_threads(suite.Threads);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var figures = new List<BenchFigure>();
        var notMeasured = new List<string>();
        var perMeasurementPeaks = ResidentMemory.TryResetPeak();

        progress.WriteLine($"bench: measuring the fp32 matmul ceiling ({suite.MatmulSize}³) and matrix-vector bandwidth ({suite.MatvecSize}²) on {suite.Threads} threads");
        var ceilings = MachineCeilings.Measure(suite);
        figures.Add(new BenchFigure("machine.matmul_ceiling_gflops", ceilings.MatmulGflops, "GFLOP/s", $"fp32 {suite.MatmulSize}³ matmul loop"));
        figures.Add(new BenchFigure("machine.matvec_bandwidth_gb_per_s", ceilings.MatvecGigabytesPerSecond, "GB/s", $"fp32 {suite.MatvecSize}² matrix-vector loop"));

        var folders = new List<(BenchModelShape Shape, string Directory)>();
        var ran = measurements.Where(m => suite.Measurements.Contains(m.Name)).ToList();
        foreach (var shape in suite.Models)
        {
            cancellationToken.ThrowIfCancellationRequested();
            progress.WriteLine($"bench: {shape.Name} ({shape.TotalParameters / 1e6:0.0}M parameters, {shape.DType})");
            var directory = RandomModelFolder.Ensure(modelsRoot, shape, suite.Seed);
            folders.Add((shape, directory));
            figures.Add(new BenchFigure($"{shape.Name}.parameters", shape.TotalParameters, "parameters", $"{shape.MatmulParameters} in matmuls"));
            var loadFigures = figures.Count;
            using var model = Load(shape, directory, figures, notMeasured, perMeasurementPeaks);
            foreach (var figure in figures.Skip(loadFigures))
            {
                progress.WriteLine(FormattableString.Invariant($"bench:   {figure.Name} = {figure.Value:0.###} {figure.Unit}"));
            }
            var context = new BenchModelContext(shape, directory, model, suite, ceilings);
            foreach (var measurement in ran)
            {
                if (measurement is SteeredDecodeMeasurement { HasSubjects: false } or WarmStartMeasurement { HasSubjects: false })
                {
                    notMeasured.Add($"{shape.Name}.{measurement.Name} (no implementation registered)");
                    continue;
                }
                progress.WriteLine($"bench: {shape.Name} {measurement.Name}");
                GC.Collect();
                ResidentMemory.TryReleaseFreeMemory();
                var window = perMeasurementPeaks ? PeakWindow.Open() : null;
                perMeasurementPeaks &= window is not null;
                var measurementStart = System.Diagnostics.Stopwatch.GetTimestamp();
                var measured = measurement.Measure(context, cancellationToken).ToList();
                var peak = window is null ? ResidentMemory.PeakBytes : window.PeakBytes();
                if (peak is null)
                {
                    notMeasured.Add($"{shape.Name}.{measurement.Name}.peak_rss (another measurement in this process reset the high-water mark meanwhile)");
                }
                else
                {
                    measured.Add(new BenchFigure($"{shape.Name}.{measurement.Name}.peak_rss", peak.Value / MiB, "MiB", "process high-water mark during this measurement"));
                }
                measured.Add(new BenchFigure($"{shape.Name}.{measurement.Name}.wall_seconds", Elapsed(measurementStart), "s", "wall time of this measurement, warm-ups included"));
                figures.AddRange(measured);
                foreach (var figure in measured)
                {
                    progress.WriteLine(FormattableString.Invariant($"bench:   {figure.Name} = {figure.Value:0.###} {figure.Unit}"));
                }
            }
        }

        PeerMachine? peerMachine = null;
        string? peerFailure = null;
        if (peer is null)
        {
            notMeasured.Add("pytorch peer (run with --peer pytorch)");
        }
        else
        {
            progress.WriteLine("bench: running the PyTorch peer on the same folders, shapes and dtypes");
            var peerStart = System.Diagnostics.Stopwatch.GetTimestamp();
            try
            {
                var peerResult = peer.Run(suite, ran.Select(m => m.Name).ToList(), folders, cancellationToken);
                peerMachine = peerResult.Machine;
                notMeasured.AddRange(peerResult.NotMeasured.Select(n => $"pytorch peer: {n}"));
                figures.AddRange(PyTorchPeer.Ratios(figures, peerResult.Figures));
                figures.AddRange(peerResult.Figures);
                figures.Add(new BenchFigure(PyTorchPeer.Prefix + "wall_seconds", Elapsed(peerStart), "s", "wall time of the peer's whole run"));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Our side's figures took minutes and stand on their own: they are reported, the failure beside them.
                peerFailure = e.Message;
                notMeasured.Add($"pytorch peer: failed ({e.Message})");
            }
        }
        figures.Add(new BenchFigure("bench.wall_seconds", Elapsed(started), "s", "wall time of the whole suite, peer included"));
        return new BenchReport(suite.Name, DateTimeOffset.UtcNow, ToolInfo.Version, ToolInfo.GitCommit, BenchMachine.Current(),
            perMeasurementPeaks, figures, notMeasured) { Peer = peerMachine, PeerFailure = peerFailure };
    }

    private static double Elapsed(long start) => System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalSeconds;

    /// <summary>
    /// Loads the folder in the shape's dtype and records load time and the resident-memory increase at its peak relative
    /// to the weight bytes in that dtype (1.0 would be the weights exactly; the loader fills preallocated parameters
    /// one tensor at a time).
    /// </summary>
    private static CausalLanguageModel Load(BenchModelShape shape, string directory, List<BenchFigure> figures, List<string> notMeasured, bool canResetPeak)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        ResidentMemory.TryReleaseFreeMemory(); // or the load reuses pages earlier measurements freed and reads too low
        // After a reset the high-water mark restarts at the current size, so peak − baseline is never negative even if
        // another thread frees memory meanwhile; a small model may load into already-resident pages and show 0.
        var window = canResetPeak ? PeakWindow.Open() : null;
        var before = window?.StartBytes ?? ResidentMemory.CurrentBytes;
        var start = System.Diagnostics.Stopwatch.GetTimestamp();
        var model = ModelLoader.Load(directory, new ModelLoadOptions { DType = shape.DType });
        var seconds = System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalSeconds;
        var weightBytes = (double)shape.WeightBytes;
        var peak = window is null ? ResidentMemory.PeakBytes : window.PeakBytes();
        var note = window is not null ? $"peak RSS increase during load / {BenchModelShape.ShortName(shape.DType)} weight bytes" : "cumulative peak (VmHWM could not be reset)";
        figures.Add(new BenchFigure($"{shape.Name}.load.seconds", seconds, "s"));
        figures.Add(new BenchFigure($"{shape.Name}.load.weight_bytes", weightBytes / MiB, "MiB"));
        if (peak is null)
        {
            notMeasured.Add($"{shape.Name}.load.peak_rss_increase (another measurement in this process reset the high-water mark meanwhile)");
            return model;
        }
        var increase = peak.Value - before;
        figures.Add(new BenchFigure($"{shape.Name}.load.peak_rss_increase", increase / MiB, "MiB"));
        figures.Add(new BenchFigure($"{shape.Name}.load.peak_over_weights", increase / weightBytes, "ratio", note));
        return model;
    }
}

using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SvDecode.Eval.Tool.Bench;

/// <summary>
/// The peer a user would otherwise pick: benchmarks/pytorch/bench.py run with <paramref name="python"/> on the same
/// model folders, shapes, thread count and scoring items (passed in a request file). Its figures come back named
/// "pytorch.&lt;our figure name&gt;"; <see cref="Ratios"/> turns matching rates and peaks into "&lt;name&gt;.ratio_to_pytorch".
/// The peer runs those of the measurements that ran here that it has a counterpart for (prefill, decode, scoring),
/// each model in its dtype, and names the others in its not-measured list.
/// </summary>
public sealed class PyTorchPeer(string python, string script, TextWriter progress)
{
    public const string Prefix = "pytorch.";

    /// <summary>
    /// Environment variables the peer does not inherit: OpenBLAS's tuning overrides. A machine set up for older OpenBLAS
    /// builds (OPENBLAS_CORETYPE=Haswell, OPENBLAS_L2_SIZE) holds a newer one to an older kernel and a wrong cache size;
    /// removed, OpenBLAS picks its own kernel for the CPU, and the peer is compared at its best.
    /// </summary>
    public static bool IsBlasOverride(string name) =>
        name.StartsWith("OPENBLAS_", StringComparison.Ordinal) || name.StartsWith("GOTO_", StringComparison.Ordinal);

    /// <summary>
    /// Before any measurement: the script exists and the interpreter imports torch (in the peer's own environment), so a
    /// missing PyTorch is reported in a second rather than after minutes of our side's measurements.
    /// </summary>
    public void CheckReady()
    {
        if (!File.Exists(script))
        {
            throw new InputException($"--peer-script: '{script}' does not exist (benchmarks/pytorch/bench.py in the repository).");
        }
        var start = PeerStart();
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("import torch");
        Process? process;
        try
        {
            process = Process.Start(start);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InputException($"--python: could not start '{python}' ({e.Message}).");
        }
        using (process)
        {
            if (process is null)
            {
                throw new InputException($"--python: could not start '{python}'.");
            }
            var stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                var reason = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? $"exit code {process.ExitCode}";
                throw new InputException($"--peer pytorch: '{python}' cannot import torch ({reason}); install PyTorch for it (Debian: apt install python3-torch) or name another interpreter with --python.");
            }
        }
    }

    /// <param name="measurements">The measurements that ran on our side (the suite's, narrowed by --measure).</param>
    public PeerResult Run(BenchSuite suite, IReadOnlyList<string> measurements, IReadOnlyList<(BenchModelShape Shape, string Directory)> folders, CancellationToken cancellationToken)
    {
        if (!File.Exists(script))
        {
            throw new InputException($"--peer-script: '{script}' does not exist (benchmarks/pytorch/bench.py in the repository).");
        }
        // One file per run, not per process: a host (the test suite) may run two peers at once.
        var requestPath = Path.Combine(Path.GetTempPath(), $"svdecode-bench-peer-{Environment.ProcessId}-{Guid.NewGuid():N}.json");
        var request = new PeerRequest(
            suite.Threads,
            suite.Iterations,
            suite.WarmUpSeconds,
            suite.PrefillShapes.Select(s => new[] { s.Batch, s.Tokens }).ToList(),
            suite.DecodeBatches,
            suite.DecodePromptTokens,
            suite.DecodeSteps,
            suite.Seed,
            suite.MatmulSize,
            suite.CeilingFlopsPerSample,
            measurements,
            suite.ScorePerAnswer,
            folders.Select(f => new PeerModel(f.Shape.Name, f.Directory, PeerDType(f.Shape.DType),
                ScoringWorkload.Create(suite.ScoringItems, f.Shape.Vocab, suite.Seed).Items
                    .Select(i => new PeerItem(i.Context, i.Answers)).ToList())).ToList());
        File.WriteAllText(requestPath, JsonSerializer.Serialize(request, Json.Canonical));
        try
        {
            var output = RunScript(requestPath, cancellationToken);
            var response = JsonSerializer.Deserialize<PeerResponse>(output, Json.Options)
                ?? throw new InvalidOperationException("The PyTorch peer printed no JSON.");
            return new PeerResult(response.Figures.Select(f => f with { Name = Prefix + f.Name }).ToList(), response.Machine, response.NotMeasured ?? []);
        }
        finally
        {
            File.Delete(requestPath);
        }
    }

    /// <summary>For every rate (tokens/s, requests/s, GFLOP/s) and every measurement's peak resident memory measured by
    /// both: ours / the peer's (above 1 is faster for a rate, below 1 is less memory for a peak).</summary>
    public static IReadOnlyList<BenchFigure> Ratios(IReadOnlyList<BenchFigure> ours, IReadOnlyList<BenchFigure> peer)
    {
        var byName = peer.ToDictionary(f => f.Name);
        return ours
            .Where(f => IsRate(f) || IsPeak(f))
            .Where(f => byName.TryGetValue(Prefix + f.Name, out var p) && p.Value > 0)
            .Select(f => new BenchFigure(f.Name + ".ratio_to_pytorch", f.Value / byName[Prefix + f.Name].Value, "ratio",
                IsPeak(f) ? "ours / PyTorch eager peak RSS, same run (below 1: less memory)" : "ours / PyTorch eager, same run"))
            .ToList();
    }

    private static bool IsRate(BenchFigure f) =>
        f.Unit is "tokens/s" or "requests/s" or "GFLOP/s" && !f.Name.Contains("limit", StringComparison.Ordinal);

    private static bool IsPeak(BenchFigure f) => f.Unit == "MiB" && f.Name.EndsWith(".peak_rss", StringComparison.Ordinal);

    /// <summary>The peer's name for a dtype (its --dtype choices); the bench writes float32 and bfloat16 folders.</summary>
    private static string PeerDType(TorchSharp.torch.ScalarType dtype) => dtype switch
    {
        TorchSharp.torch.ScalarType.Float32 => "float32",
        TorchSharp.torch.ScalarType.BFloat16 => "bfloat16",
        TorchSharp.torch.ScalarType.Float16 => "float16",
        _ => throw new NotSupportedException($"The PyTorch peer runs float32, bfloat16 or float16, not {dtype}."),
    };

    /// <summary>The interpreter, output captured, without OpenBLAS's overrides (<see cref="IsBlasOverride"/>).</summary>
    private ProcessStartInfo PeerStart(bool announce = false)
    {
        var start = new ProcessStartInfo(python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var name in start.Environment.Keys.Where(IsBlasOverride).ToList())
        {
            start.Environment.Remove(name);
            if (announce)
            {
                progress.WriteLine($"pytorch: {name} removed from the peer's environment (OpenBLAS picks its own kernel)");
            }
        }
        return start;
    }

    private string RunScript(string requestPath, CancellationToken cancellationToken)
    {
        var start = PeerStart(announce: true);
        start.ArgumentList.Add(script);
        start.ArgumentList.Add("--request");
        start.ArgumentList.Add(requestPath);
        using var process = Process.Start(start) ?? throw new InputException($"--python: could not start '{python}'.");
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                progress.WriteLine($"pytorch: {e.Data}");
            }
        };
        process.BeginErrorReadLine();
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        try
        {
            process.WaitForExitAsync(cancellationToken).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"The PyTorch peer ({python} {script}) exited with code {process.ExitCode}; see the 'pytorch:' lines above.");
        }
        return stdout.GetAwaiter().GetResult();
    }

    private sealed record PeerRequest(
        int Threads, int Iterations, double WarmUpSeconds, IReadOnlyList<int[]> PrefillShapes, IReadOnlyList<int> DecodeBatches,
        int DecodePromptTokens, int DecodeSteps, int Seed, int MatmulSize, double CeilingFlopsPerSample,
        IReadOnlyList<string> Measurements, bool ScorePerAnswer, IReadOnlyList<PeerModel> Models);

    private sealed record PeerModel(string Name, string Directory, [property: JsonPropertyName("dtype")] string DType, IReadOnlyList<PeerItem> ScoringItems);

    private sealed record PeerItem(IReadOnlyList<int> Context, IReadOnlyList<IReadOnlyList<int>> Answers);

    private sealed record PeerResponse([property: JsonRequired] IReadOnlyList<BenchFigure> Figures, PeerMachine? Machine, IReadOnlyList<string>? NotMeasured);
}

/// <summary>What the peer ran on and with, as it saw it: CPU, torch, threads, BLAS library and the kernel OpenBLAS chose.</summary>
public sealed record PeerMachine(
    string Cpu, string CpuVendor, string CpuFlags, string Torch, int Threads, string Blas, string BlasKernel, IReadOnlyList<string> BlasOverrides);

/// <summary>The peer's figures (named "pytorch.…"), its machine record (absent from an older peer script) and the
/// measurements it was asked for but has no counterpart for, each with the reason.</summary>
public sealed record PeerResult(IReadOnlyList<BenchFigure> Figures, PeerMachine? Machine, IReadOnlyList<string> NotMeasured);

using System.Text.Json;
using SvDecode.Eval.Tests.Support;
using SvDecode.Eval.Tool.Bench;
using Xunit;

namespace SvDecode.Eval.Tests.Performance;

public sealed class PyTorchPeerTests
{
    [Fact]
    public void RatiosDivideMatchingRatesAndPeaksOnly()
    {
        BenchFigure[] ours =
        [
            new("m.prefill.1x512.tokens_per_s", 300, "tokens/s"),
            new("m.decode.batch1.tokens_per_s", 50, "tokens/s"),
            new("m.decode.batch1.bandwidth_limit_tokens_per_s", 80, "tokens/s"), // a bound, not a measurement: no ratio
            new("m.scoring.shared_context.requests_per_s", 12, "requests/s"),
            new("m.prefill.peak_rss", 500, "MiB"),                               // a measurement's peak: ratio (below 1 is less memory)
            new("m.load.peak_rss_increase", 30, "MiB"),                          // an increase, not a peak: no ratio
            new("m.only_ours.tokens_per_s", 1, "tokens/s"),                      // the peer lacks it: no ratio
        ];
        BenchFigure[] peer =
        [
            new("pytorch.m.prefill.1x512.tokens_per_s", 200, "tokens/s"),
            new("pytorch.m.decode.batch1.tokens_per_s", 100, "tokens/s"),
            new("pytorch.m.decode.batch1.bandwidth_limit_tokens_per_s", 80, "tokens/s"),
            new("pytorch.m.scoring.shared_context.requests_per_s", 4, "requests/s"),
            new("pytorch.m.prefill.peak_rss", 400, "MiB"),
            new("pytorch.m.load.peak_rss_increase", 20, "MiB"),
        ];

        var ratios = PyTorchPeer.Ratios(ours, peer).ToDictionary(f => f.Name, f => f.Value);

        Assert.Equal(4, ratios.Count);
        Assert.Equal(1.5, ratios["m.prefill.1x512.tokens_per_s.ratio_to_pytorch"]);
        Assert.Equal(0.5, ratios["m.decode.batch1.tokens_per_s.ratio_to_pytorch"]);
        Assert.Equal(3.0, ratios["m.scoring.shared_context.requests_per_s.ratio_to_pytorch"]);
        Assert.Equal(1.25, ratios["m.prefill.peak_rss.ratio_to_pytorch"]);
    }

    [Fact]
    public void MissingScriptIsBadInputNamingTheOption()
    {
        var peer = new PyTorchPeer("/usr/bin/python3", "/nonexistent/bench.py", TextWriter.Null);
        var error = Assert.Throws<InputException>(() => peer.Run(BenchSuite.Smoke, [], [], CancellationToken.None));
        Assert.Contains("--peer-script", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ThePeerStartsWithoutOpenBlasOverridesAndItsMachineRecordComesBack()
    {
        using var temp = new TempDirectory();
        // A stand-in peer that reports the OpenBLAS variables it was started with, in the real script's format.
        var script = temp.File("peer.sh", """
            names=$(env | grep -E '^(OPENBLAS|GOTO)_' | cut -d= -f1 | sed 's/.*/"&"/' | paste -sd, -)
            echo "{\"figures\": [], \"machine\": {\"cpu\": \"c\", \"cpu_vendor\": \"v\", \"cpu_flags\": \"avx2\", \"torch\": \"t\", \"threads\": 2, \"blas\": \"b\", \"blas_kernel\": \"k\", \"blas_overrides\": [$names]}}"
            """);
        var previous = (Environment.GetEnvironmentVariable("OPENBLAS_CORETYPE"), Environment.GetEnvironmentVariable("OPENBLAS_L2_SIZE"));
        Environment.SetEnvironmentVariable("OPENBLAS_CORETYPE", "Haswell");
        Environment.SetEnvironmentVariable("OPENBLAS_L2_SIZE", "512");
        var progress = new StringWriter();
        try
        {
            var result = new PyTorchPeer("/bin/bash", script, progress).Run(BenchSuite.Smoke, [], [], CancellationToken.None);

            var machine = Assert.IsType<PeerMachine>(result.Machine);
            Assert.Empty(machine.BlasOverrides);
            Assert.Equal("k", machine.BlasKernel);
            Assert.Contains("OPENBLAS_CORETYPE removed from the peer's environment", progress.ToString(), StringComparison.Ordinal);
            Assert.Contains("OPENBLAS_L2_SIZE removed from the peer's environment", progress.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable("OPENBLAS_CORETYPE", previous.Item1);
            Environment.SetEnvironmentVariable("OPENBLAS_L2_SIZE", previous.Item2);
        }
    }

    [Fact]
    public async Task TwoPeersRunningAtOnceInOneProcessEachGetTheirOwnRequestFile()
    {
        using var temp = new TempDirectory();
        var log = temp.Combine("requests.log");
        // A stand-in peer that logs its request path, holds on to it a moment (as the real peer does while it measures)
        // and fails if the file is gone by then: a request path shared by two runs is deleted under the slower one.
        var script = temp.File("peer.sh", $$"""
            echo "$2" >> '{{log}}'
            sleep 0.3
            test -f "$2" || exit 3
            echo '{"figures": []}'
            """);
        var peers = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
            new PyTorchPeer("/bin/bash", script, TextWriter.Null).Run(BenchSuite.Smoke, [], [], CancellationToken.None)));

        await Task.WhenAll(peers);

        var paths = File.ReadAllLines(log);
        Assert.Equal(2, paths.Distinct().Count());
        Assert.All(paths, p => Assert.False(File.Exists(p), $"{p} outlived its run"));
    }

    [Fact]
    public void TheRequestNamesTheMeasurementsThatRanAndEachModelsDTypeAndThePeersGapsComeBack()
    {
        using var temp = new TempDirectory();
        var copy = temp.Combine("request.json");
        // A stand-in peer that keeps the request it was given ($2 after --request) and reports one measurement it lacks.
        var script = temp.File("peer.sh", $$"""
            cp "$2" '{{copy}}'
            echo '{"figures": [], "not_measured": ["steered_scoring (no counterpart)"]}'
            """);
        var suite = BenchSuite.PaperSmoke;
        var folders = suite.Models.Select(m => (m, temp.Combine(m.Name))).ToList();

        var result = new PyTorchPeer("/bin/bash", script, TextWriter.Null).Run(suite, ["prefill", "steered_scoring"], folders, CancellationToken.None);

        Assert.Equal(["steered_scoring (no counterpart)"], result.NotMeasured);
        using var request = JsonDocument.Parse(File.ReadAllText(copy));
        var root = request.RootElement;
        Assert.Equal(["prefill", "steered_scoring"], root.GetProperty("measurements").EnumerateArray().Select(e => e.GetString()));
        Assert.False(root.GetProperty("score_per_answer").GetBoolean());
        var models = root.GetProperty("models").EnumerateArray().ToList();
        Assert.Equal(["qwen2-tiny-fp32", "qwen2-tiny-bf16"], models.Select(m => m.GetProperty("name").GetString()));
        Assert.Equal(["float32", "bfloat16"], models.Select(m => m.GetProperty("dtype").GetString()));
    }

    [PyTorchPeerFact]
    public void TheRealPeerReportsItsBlasKernelAndCpu()
    {
        var script = Path.Combine(SharedFiles.RepositoryRoot, "benchmarks", "pytorch", "bench.py");

        var result = new PyTorchPeer(PyTorchPeerFactAttribute.Python, script, TextWriter.Null).Run(BenchSuite.Smoke, [], [], CancellationToken.None);

        var machine = Assert.IsType<PeerMachine>(result.Machine);
        Assert.Equal(SvDecode.Eval.Platform.MachineProbe.CpuVendor(), machine.CpuVendor);
        Assert.Equal(SvDecode.Eval.Platform.MachineProbe.KernelFlags(), machine.CpuFlags);
        Assert.Empty(machine.BlasOverrides);
        Assert.Contains("openblas", machine.Blas, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("unknown", machine.BlasKernel, StringComparison.Ordinal);
        Assert.Contains(result.Figures, f => f.Name == "pytorch.machine.matmul_ceiling_gflops" && f.Value > 0);
    }
}

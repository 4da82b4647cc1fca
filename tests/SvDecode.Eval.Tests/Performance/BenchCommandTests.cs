using System.Text.Json;
using SvDecode.Eval.Tests.Support;
using SvDecode.Eval.Tool.Bench;
using Xunit;

namespace SvDecode.Eval.Tests.Performance;

/// <summary>
/// `bench --suite smoke` end to end, so the command cannot rot: the JSON report carries the machine, commit, date and
/// every figure the suite promises, each positive and finite. No timing thresholds: the figures are only printed.
/// The bench runs in this process and resets the process-wide VmHWM, as other tests' stages do: alone, or their resets
/// would overlap its memory figures.
/// </summary>
[Collection(ProcessMemoryCollection.Name)]
public sealed class BenchCommandTests
{
    /// <summary>The figure names the smoke suite must report, built from the suite's own shapes.</summary>
    private static IEnumerable<string> ExpectedFigures(BenchSuite suite)
    {
        yield return "machine.matmul_ceiling_gflops";
        yield return "machine.matvec_bandwidth_gb_per_s";
        foreach (var model in suite.Models.Select(m => m.Name))
        {
            yield return $"{model}.parameters";
            foreach (var load in new[] { "seconds", "weight_bytes", "peak_rss_increase", "peak_over_weights" })
            {
                yield return $"{model}.load.{load}";
            }
            foreach (var (batch, tokens) in suite.PrefillShapes)
            {
                yield return $"{model}.prefill.{batch}x{tokens}.tokens_per_s";
                yield return $"{model}.prefill.{batch}x{tokens}.gflops";
                yield return $"{model}.prefill.{batch}x{tokens}.fraction_of_matmul_ceiling";
            }
            foreach (var batch in suite.DecodeBatches)
            {
                yield return $"{model}.decode.batch{batch}.tokens_per_s";
                yield return $"{model}.decode.batch{batch}.bandwidth_limit_tokens_per_s";
                yield return $"{model}.decode.batch{batch}.fraction_of_bandwidth_limit";
                yield return $"{model}.decode.batch{batch}.weight_stream_gb_per_s";
                yield return $"{model}.decode.batch{batch}.fraction_of_machine_matvec_limit";
            }
            yield return $"{model}.scoring.shared_context.requests_per_s";
            yield return $"{model}.scoring.per_answer.requests_per_s";
            yield return $"{model}.scoring.shared_context_speedup";
            foreach (var batch in suite.DecodeBatches)
            {
                // The registered steered subjects: LoRA, IA3 and prompt tuning batched, LoRA and prompt tuning lock-step.
                foreach (var subject in new[] { "lora", "lora_lock_step", "ia3", "prompt_tuning", "prompt_tuning_lock_step" })
                {
                    yield return $"{model}.steered_decode.{subject}.batch{batch}.tokens_per_s";
                    yield return $"{model}.steered_decode.{subject}.batch{batch}.plain_tokens_per_s";
                    yield return $"{model}.steered_decode.{subject}.batch{batch}.cost_ratio";
                }
            }
            var (trainBatch, trainTokens) = suite.PrefillShapes[^1];
            foreach (var method in new[] { "lora", "ia3", "prompt_tuning", "prefix_tuning" })
            {
                yield return $"{model}.warm_start.{method}.{trainBatch}x{trainTokens}.tokens_per_s";
            }
            foreach (var measurement in new[] { "prefill", "decode", "scoring", "steered_decode", "warm_start" })
            {
                yield return $"{model}.{measurement}.peak_rss";
                yield return $"{model}.{measurement}.wall_seconds";
            }
        }
        yield return "bench.wall_seconds";
    }

    [Fact]
    public async Task SmokeSuiteWritesEveryFigurePositiveAndFiniteWithMachineCommitAndDate()
    {
        using var temp = new TempDirectory();
        var jsonPath = temp.Combine("bench.json");

        var (code, output, error) = await CliRunner.RunAsync("bench", "--suite", "smoke", "--json", jsonPath, "--models", temp.Combine("models"));

        Assert.True(code == 0, error);
        using var report = JsonDocument.Parse(File.ReadAllText(jsonPath));
        var root = report.RootElement;
        Assert.Equal("smoke", root.GetProperty("suite").GetString());
        Assert.True(root.GetProperty("date").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddHours(-1));
        Assert.True(root.TryGetProperty("commit", out _));
        Assert.True(root.GetProperty("machine").GetProperty("logical_cores").GetInt32() > 0);
        Assert.Equal(2, root.GetProperty("machine").GetProperty("torch_threads").GetInt32());

        var figures = root.GetProperty("figures").EnumerateArray()
            .ToDictionary(f => f.GetProperty("name").GetString()!, f => (Value: f.GetProperty("value").GetDouble(), Unit: f.GetProperty("unit").GetString()));
        foreach (var name in ExpectedFigures(BenchSuite.Smoke))
        {
            Assert.True(figures.TryGetValue(name, out var figure), $"missing figure {name}");
            // Load memory is an increase over what is resident: a 0.6 MiB model may fit in pages the test process already holds.
            var mayBeZero = name.EndsWith(".load.peak_rss_increase", StringComparison.Ordinal) || name.EndsWith(".load.peak_over_weights", StringComparison.Ordinal);
            Assert.True(double.IsFinite(figure.Value) && (figure.Value > 0 || mayBeZero && figure.Value == 0), $"{name} = {figure.Value}");
            Assert.False(string.IsNullOrWhiteSpace(figure.Unit), $"{name} has no unit");
            Assert.Contains(name, output, StringComparison.Ordinal);
        }
        // No peer was asked for: the report says so instead of omitting it; the extension slots are all filled.
        var notMeasured = root.GetProperty("not_measured").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.Contains(notMeasured, n => n.StartsWith("pytorch peer", StringComparison.Ordinal));
        Assert.DoesNotContain(notMeasured, n => n.Contains("steered", StringComparison.Ordinal) || n.Contains("warm", StringComparison.Ordinal));
    }

    /// <summary>The figure names the paper suites report: no decode, scoring without the per-answer pass, steered scoring split.</summary>
    private static IEnumerable<string> ExpectedPaperFigures(BenchSuite suite)
    {
        foreach (var model in suite.Models.Select(m => m.Name))
        {
            yield return $"{model}.parameters";
            yield return $"{model}.load.seconds";
            yield return $"{model}.load.peak_over_weights";
            foreach (var (batch, tokens) in suite.PrefillShapes)
            {
                yield return $"{model}.prefill.{batch}x{tokens}.tokens_per_s";
            }
            yield return $"{model}.scoring.shared_context.requests_per_s";
            yield return $"{model}.steered_scoring.requests_per_s";
            yield return $"{model}.steered_scoring.unsteered_pair.requests_per_s";
            foreach (var part in new[] { "forward", "head", "steering", "rest" })
            {
                yield return $"{model}.steered_scoring.split.{part}.seconds";
                yield return $"{model}.steered_scoring.split.{part}.fraction";
            }
            foreach (var measurement in new[] { "prefill", "scoring", "steered_scoring" })
            {
                yield return $"{model}.{measurement}.peak_rss";
            }
        }
    }

    [Fact]
    public async Task PaperSmokeRunsThePaperMeasurementsOnAQwen2InBothDtypes()
    {
        using var temp = new TempDirectory();
        var jsonPath = temp.Combine("bench.json");

        var (code, output, error) = await CliRunner.RunAsync("bench", "--suite", "paper-smoke", "--json", jsonPath, "--models", temp.Combine("models"));

        Assert.True(code == 0, error);
        using var report = JsonDocument.Parse(File.ReadAllText(jsonPath));
        var figures = report.RootElement.GetProperty("figures").EnumerateArray()
            .ToDictionary(f => f.GetProperty("name").GetString()!, f => f.GetProperty("value").GetDouble());
        Assert.Equal(["qwen2-tiny-fp32", "qwen2-tiny-bf16"], BenchSuite.PaperSmoke.Models.Select(m => m.Name));
        foreach (var name in ExpectedPaperFigures(BenchSuite.PaperSmoke))
        {
            Assert.True(figures.TryGetValue(name, out var value), $"missing figure {name}");
            // The steering and rest parts are differences of two passes: on a tiny model they may come out below zero.
            var difference = name.Contains(".split.steering.", StringComparison.Ordinal) || name.Contains(".split.rest.", StringComparison.Ordinal);
            var mayBeZero = name.Contains(".load.peak_over_weights", StringComparison.Ordinal);
            Assert.True(double.IsFinite(value) && (value > 0 || difference || mayBeZero && value == 0), $"{name} = {value}");
            Assert.Contains(name, output, StringComparison.Ordinal);
        }
        // bfloat16 weights are counted in their own bytes.
        Assert.Equal(figures["qwen2-tiny-fp32.load.weight_bytes"] / 2, figures["qwen2-tiny-bf16.load.weight_bytes"], 9);
        Assert.DoesNotContain(figures.Keys, n => n.Contains(".decode.", StringComparison.Ordinal) || n.Contains(".per_answer.", StringComparison.Ordinal) || n.StartsWith("pytorch.", StringComparison.Ordinal));
    }

    [PyTorchPeerFact]
    public async Task PaperSmokeWithThePyTorchPeerReportsRatiosForBothDTypesAndOnlySteeredScoringUnmeasured()
    {
        using var temp = new TempDirectory();
        var jsonPath = temp.Combine("bench.json");
        var script = Path.Combine(SharedFiles.RepositoryRoot, "benchmarks", "pytorch", "bench.py");

        var (code, output, error) = await CliRunner.RunAsync("bench", "--suite", "paper-smoke", "--json", jsonPath, "--models", temp.Combine("models"),
            "--peer", "pytorch", "--peer-script", script);

        Assert.True(code == 0, error);
        using var report = JsonDocument.Parse(File.ReadAllText(jsonPath));
        var figures = report.RootElement.GetProperty("figures").EnumerateArray()
            .ToDictionary(f => f.GetProperty("name").GetString()!, f => f.GetProperty("value").GetDouble());
        foreach (var model in BenchSuite.PaperSmoke.Models.Select(m => m.Name))
        {
            var paired = BenchSuite.PaperSmoke.PrefillShapes.Select(s => $"{model}.prefill.{s.Batch}x{s.Tokens}.tokens_per_s")
                .Concat([$"{model}.scoring.shared_context.requests_per_s", $"{model}.prefill.peak_rss", $"{model}.scoring.peak_rss"]);
            foreach (var name in paired)
            {
                Assert.True(figures.TryGetValue("pytorch." + name, out var peer) && double.IsFinite(peer) && peer > 0, $"missing or not positive: pytorch.{name}");
                Assert.True(figures.TryGetValue(name + ".ratio_to_pytorch", out var ratio), $"missing ratio for {name}");
                Assert.Equal(figures[name] / peer, ratio, 9);
                Assert.Contains(name + ".ratio_to_pytorch", output, StringComparison.Ordinal);
            }
        }
        // The suite runs no decode and no per-answer scoring: neither does the peer, and steered scoring has no peer counterpart.
        Assert.DoesNotContain(figures.Keys, n => n.StartsWith("pytorch.", StringComparison.Ordinal)
            && (n.Contains(".decode.", StringComparison.Ordinal) || n.Contains(".per_answer.", StringComparison.Ordinal) || n.Contains("steered", StringComparison.Ordinal)));
        var notMeasured = report.RootElement.GetProperty("not_measured").EnumerateArray().Select(e => e.GetString()!).ToList();
        var peerGap = Assert.Single(notMeasured, n => n.StartsWith("pytorch peer", StringComparison.Ordinal));
        Assert.StartsWith("pytorch peer: steered_scoring (", peerGap, StringComparison.Ordinal);
        Assert.Empty(report.RootElement.GetProperty("peer").GetProperty("blas_overrides").EnumerateArray());
    }

    [Fact]
    public async Task MeasureRunsOnlyTheNamedMeasurements()
    {
        using var temp = new TempDirectory();
        var jsonPath = temp.Combine("bench.json");

        var (code, _, error) = await CliRunner.RunAsync("bench", "--suite", "smoke", "--measure", "decode", "--json", jsonPath, "--models", temp.Combine("models"));

        Assert.True(code == 0, error);
        using var report = JsonDocument.Parse(File.ReadAllText(jsonPath));
        var names = report.RootElement.GetProperty("figures").EnumerateArray().Select(f => f.GetProperty("name").GetString()!).ToList();
        Assert.Contains(names, n => n.Contains(".decode.batch", StringComparison.Ordinal));
        Assert.Contains(names, n => n.EndsWith(".load.seconds", StringComparison.Ordinal));
        Assert.DoesNotContain(names, n => n.Contains(".prefill.", StringComparison.Ordinal) || n.Contains(".scoring.", StringComparison.Ordinal) || n.Contains("steered", StringComparison.Ordinal));
    }

    [Fact]
    public async Task MeasureNamesAreTheRunnersMeasurements()
    {
        var runner = BenchRunner.DefaultMeasurements([], []).Select(m => m.Name);
        var (_, _, error) = await CliRunner.RunAsync("bench", "--measure", "nope");
        Assert.Contains($"one of {string.Join(", ", runner)}.", error, StringComparison.Ordinal);
    }

    [Fact]
    public void FullAndSmokeKeepTheirMeasurementsAndPaperRunsQwenInBothDtypes()
    {
        string[] issue10 = ["prefill", "decode", "scoring", "steered_decode", "warm_start"];
        Assert.Equal(issue10, BenchSuite.Full.Measurements);
        Assert.Equal(issue10, BenchSuite.Smoke.Measurements);
        Assert.Equal(["prefill", "scoring", "steered_scoring"], BenchSuite.Paper.Measurements);
        Assert.Equal(["qwen2.5-0.5b-fp32", "qwen2.5-0.5b-bf16"], BenchSuite.Paper.Models.Select(m => m.Name));
        Assert.All(BenchSuite.Paper.Models, m => Assert.Same(PaperScaleModel.Qwen25HalfB, m.Source));
    }

    [Fact]
    public async Task UnknownSuiteAndPeerAreBadInput()
    {
        var (suiteCode, _, suiteError) = await CliRunner.RunAsync("bench", "--suite", "huge");
        Assert.Equal(2, suiteCode);
        Assert.Contains("unknown suite 'huge'", suiteError, StringComparison.Ordinal);

        var (peerCode, _, peerError) = await CliRunner.RunAsync("bench", "--suite", "smoke", "--peer", "jax");
        Assert.Equal(2, peerCode);
        Assert.Contains("unknown peer 'jax'", peerError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APeerThatCannotImportTorchIsBadInputBeforeAnyMeasurement()
    {
        using var temp = new TempDirectory();
        // bash -c "import torch" fails as an interpreter without torch does; nothing may have been measured by then.
        var (code, _, error) = await CliRunner.RunAsync("bench", "--suite", "smoke", "--measure", "decode", "--peer", "pytorch",
            "--python", "/bin/bash", "--models", temp.Combine("models"));

        Assert.Equal(2, code);
        Assert.Contains("--peer pytorch: '/bin/bash' cannot import torch", error, StringComparison.Ordinal);
        Assert.DoesNotContain("bench: ", error, StringComparison.Ordinal);
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")] // the stand-in interpreter is a shell script
    public async Task APeerThatFailsMidRunLeavesOurFiguresInTheReport()
    {
        using var temp = new TempDirectory();
        var jsonPath = temp.Combine("bench.json");
        // Passes the import check, then fails on the real request, as a peer crashing after our side has measured.
        var python = temp.File("python.sh", """
            #!/bin/sh
            [ "$1" = "-c" ] && exit 0
            echo "peer crashed" >&2
            exit 1
            """);
        File.SetUnixFileMode(python, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var (code, _, error) = await CliRunner.RunAsync("bench", "--suite", "smoke", "--measure", "decode", "--peer", "pytorch",
            "--python", python, "--json", jsonPath, "--models", temp.Combine("models"));

        Assert.Equal(1, code);
        Assert.Contains("the PyTorch peer failed", error, StringComparison.Ordinal);
        using var report = JsonDocument.Parse(File.ReadAllText(jsonPath));
        var names = report.RootElement.GetProperty("figures").EnumerateArray().Select(f => f.GetProperty("name").GetString()!).ToList();
        Assert.Contains(names, n => n.Contains(".decode.batch", StringComparison.Ordinal));
        Assert.Contains("exited with code 1", report.RootElement.GetProperty("peer_failure").GetString(), StringComparison.Ordinal);
        Assert.Contains(report.RootElement.GetProperty("not_measured").EnumerateArray(), n => n.GetString()!.StartsWith("pytorch peer: failed", StringComparison.Ordinal));
    }
}

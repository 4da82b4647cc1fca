using SvDecode.Eval.Results;
using SvDecode.Eval.Steering;

namespace SvDecode.Eval.Tests.Results;

/// <summary>
/// A fixed, hand-built results object: LoRA and IA3, without and with SVDecode, on TruthfulQA MC (mc1, mc2) and
/// ARC-Easy (acc), with diagnostics, μ* histograms, paired deltas and timings. Every exporter is pinned on it.
/// </summary>
public static class SampleResults
{
    public static readonly DateTimeOffset Started = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    public static RunResults Build(bool synthetic = true, IReadOnlyList<double>? alphaSweep = null)
    {
        var cells = new List<CellResult>
        {
            Cell("lora", "off", NoParameters(), 0.30, 0.45, 0.61, mu: null),
            Cell("lora", "on", Alpha(0.1), 0.34, 0.49, 0.63, mu: 2.5),
            Cell("ia3", "off", NoParameters(), 0.28, 0.44, 0.58, mu: null),
            Cell("ia3", "on", Alpha(0.1), 0.27, 0.43, 0.60, mu: -0.75),
        };
        foreach (var (alpha, i) in (alphaSweep ?? []).Select((a, i) => (a, i)))
        {
            cells.Add(Cell("lora", "on", Alpha(alpha), 0.32 + 0.01 * i, 0.47 + 0.01 * i, 0.62, mu: 2.0 + i) with { Id = $"lora+svdecode@alpha={alpha}" });
        }
        var manifest = new RunManifest(
            "0.1.0",
            "0123456789abcdef0123456789abcdef01234567",
            "sample",
            "/runs/sample/pipeline.yaml",
            "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
            ["benchmarks.0.limit=100"],
            1234,
            100,
            new ModelSummary("/models/demo", "llama", synthetic),
            false,
            [
                new InputFile("pipeline", "/runs/sample/pipeline.yaml", 512, new string('a', 64)),
                new InputFile("model", "/models/demo/model.safetensors", 1_048_576, new string('b', 64)),
            ],
            new SortedDictionary<string, string>(StringComparer.Ordinal) { ["LibTorch"] = "2.10.0", ["TorchSharp"] = "0.107.0" },
            new MachineInfo("Debian GNU/Linux 12", "Test CPU @ 2.0GHz", 2, 24L << 30, ".NET 10.0.0"),
            Started,
            Started.AddSeconds(95.5));
        var deltas = new List<PairedDelta>
        {
            new("truthfulqa_mc", "mc1", "lora", "lora+svdecode", 0.04, 0.015, 0.01, 0.07, 0.95, 100, 1000, 1234),
            new("truthfulqa_mc", "mc2", "lora", "lora+svdecode", 0.04, 0.012, 0.016, 0.064, 0.95, 100, 1000, 1234),
            new("arc_easy", "acc", "ia3", "ia3+svdecode", 0.02, 0.02, -0.02, 0.06, 0.95, 100, 1000, 1234),
        };
        var timings = new List<StageTiming>
        {
            new("lora", "truthfulqa_mc", "dataset", "k1", false, 1.25) { PeakResidentBytes = 300L << 20 },
            new("lora", "truthfulqa_mc", "warmstart", "k2", false, 40.5) { PeakResidentBytes = 7L << 30 },
            new("lora+svdecode", "truthfulqa_mc", "dataset", "k1", true, 0.0),
            new("lora+svdecode", "truthfulqa_mc", "strength", "k3", false, 12.0) { PeakResidentBytes = 13L << 29, PeakKvCacheBytes = 3L << 28 },
        };
        return new RunResults(RunResults.SchemaName, RunResults.CurrentSchemaVersion, RunStatus.Complete, null, manifest, cells, deltas, timings)
        {
            ModelLoads = [new ModelLoad("/models/Qwen2.5-1.5B", "Float32", "Cpu", 1_543_714_304, 6_174_857_216, 21.5, 350L << 20, 6_174_857_216 + (400L << 20))],
        };
    }

    private static SortedDictionary<string, double> NoParameters() => new(StringComparer.Ordinal);

    private static SortedDictionary<string, double> Alpha(double alpha) => new(StringComparer.Ordinal) { ["alpha"] = alpha };

    private static CellResult Cell(string peft, string steering, IReadOnlyDictionary<string, double> parameters, double mc1, double mc2, double acc, double? mu)
    {
        var id = steering == "on" ? $"{peft}+svdecode" : peft;
        return new CellResult(id, peft, steering, parameters,
        [
            new BenchmarkResult("truthfulqa_mc", "truthfulqa_mc",
                [new MetricValue("mc1", mc1, 0.046, 100), new MetricValue("mc2", mc2, 0.031, 100)], Diagnostics(mu, 0.82), Histogram(mu))
            {
                // TruthfulQA's categories: the per-group breakdown results.json and report.md show.
                Groups = new SortedDictionary<string, IReadOnlyList<MetricValue>>(StringComparer.Ordinal)
                {
                    ["Health"] = [new MetricValue("mc1", Math.Round(mc1 - 0.025, 4), 0.07, 40), new MetricValue("mc2", Math.Round(mc2 - 0.01, 4), 0.05, 40)],
                    ["Misconceptions"] = [new MetricValue("mc1", Math.Round(mc1 + 0.0125, 4), 0.061, 60), new MetricValue("mc2", Math.Round(mc2 + 0.005, 4), 0.04, 60)],
                },
            },
            new BenchmarkResult("arc_easy", "arc_easy", [new MetricValue("acc", acc, 0.049, 100)], Diagnostics(mu, 0.9), Histogram(mu)),
        ]);
    }

    private static SortedDictionary<string, double> Diagnostics(double? mu, double kept)
    {
        var diagnostics = new SortedDictionary<string, double>(StringComparer.Ordinal) { ["items_test"] = 100 };
        if (mu is { } m)
        {
            diagnostics["mu_bar"] = m;
            diagnostics["mu_median"] = m * 0.9;
            diagnostics["kept_fraction"] = kept;
        }
        return diagnostics;
    }

    /// <summary>A fixed histogram centred near μ̄: 5 bins of width 1 with one value below and two above the range.</summary>
    private static StrengthHistogram? Histogram(double? mu) => mu is { } m
        ? new StrengthHistogram(m - 2.5, m + 2.5, [m - 2.5, m - 1.5, m - 0.5, m + 0.5, m + 1.5, m + 2.5], [3, 10, 25, 9, 2], 1, 2)
        : null;
}

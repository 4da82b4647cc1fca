using SvDecode.Eval.Results;
using Xunit;

namespace SvDecode.Eval.Tests.Results;

/// <summary>report.md and results.csv with several decoding methods: one column per method beside the plain adapter,
/// each with its own paired Δ, and every method's strength in one table.</summary>
public sealed class DecodingReportTests
{
    /// <summary>The sample results (LoRA and IA3, plain and SVDecode) with LoRA also under contrastive decoding and
    /// extrapolation on TruthfulQA MC, and the contrastive cell's paired mc1 delta.</summary>
    private static RunResults WithBaselines()
    {
        var sample = SampleResults.Build();
        CellResult Method(string method, double mc1, string strength, double value) =>
            new($"lora+{method}", "lora", "on", new SortedDictionary<string, double>(StringComparer.Ordinal) { ["alpha"] = 0.1 },
                [new BenchmarkResult("truthfulqa_mc", "truthfulqa_mc", [new MetricValue("mc1", mc1, 0.046, 100)],
                    new SortedDictionary<string, double>(StringComparer.Ordinal) { [strength] = value }, null)])
            { Decoding = method, ScoringMask = method == "contrastive" ? "hard" : "soft" };
        var cells = sample.Cells.ToList();
        cells.Insert(2, Method("contrastive", 0.25, "beta", 1.0));
        cells.Insert(3, Method("extrapolation", 0.31, "lambda_bar", 0.02));
        return sample with
        {
            Cells = cells,
            PairedDeltas = [.. sample.PairedDeltas, new PairedDelta("truthfulqa_mc", "mc1", "lora", "lora+contrastive", -0.05, 0.02, -0.09, -0.01, 0.95, 100, 1000, 1234)],
        };
    }

    [Fact]
    public void EveryMethodHasItsColumnAndItsPairedDelta()
    {
        var report = MarkdownReportExporter.Render(WithBaselines());
        Assert.Contains("| PEFT | metric | off (adapter) | svdecode | Δ svdecode (paired) | 95% CI | contrastive | Δ contrastive (paired) | 95% CI | extrapolation | Δ extrapolation (paired) | 95% CI | n |\n" +
                        "|---|---|---:|---:|---:|---|---:|---:|---|---:|---:|---|---:|\n", report, StringComparison.Ordinal);
        // LoRA: SVDecode's and contrastive's deltas as given; extrapolation has a value but no delta; n from the last delta.
        Assert.Contains("| lora | mc1 | 0.3000 ± 0.0460 | 0.3400 ± 0.0460 | +0.0400 | [0.0100, 0.0700] | 0.2500 ± 0.0460 | -0.0500 | [-0.0900, -0.0100] | 0.3100 ± 0.0460 | — | — | 100 |", report, StringComparison.Ordinal);
        // IA3 was only run with SVDecode: the other methods' columns stay empty.
        Assert.Contains("| ia3 | mc1 | 0.2800 ± 0.0460 | 0.2700 ± 0.0460 | — | — | — | — | — | — | — | — | 100 |", report, StringComparison.Ordinal);
        Assert.Contains("(with − without the decoding method, or cell − pre-trained)", report, StringComparison.Ordinal);
        Assert.Contains("## Decoding strength (μ̄ SVDecode, λ̄ extrapolation, β contrastive)\n\n| cell | benchmark | beta | lambda_bar | mu_bar | mu_median |", report, StringComparison.Ordinal);
        Assert.Contains("| lora+contrastive | truthfulqa_mc | 1 | — | — | — |", report, StringComparison.Ordinal);
    }

    [Fact]
    public void TheCsvNamesEachCellsMethodScoringMaskAndStrength()
    {
        var csv = CsvResultsExporter.Render(WithBaselines()).Split('\n');
        Assert.Contains("lora+contrastive,lora,on,contrastive,,,0.1,hard,,,1,truthfulqa_mc,truthfulqa_mc,mc1,0.25,0.046,100", csv);
        Assert.Contains("lora+extrapolation,lora,on,extrapolation,,,0.1,soft,,,0.02,truthfulqa_mc,truthfulqa_mc,mc1,0.31,0.046,100", csv);
    }
}

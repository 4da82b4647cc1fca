using SvDecode.Eval.Results;
using SvDecode.Eval.Tests.Support;
using Xunit;

namespace SvDecode.Eval.Tests.Results;

/// <summary>
/// A warm-start budget curve (matrix.warmstart_epochs) in the results: report.md's "Warm-start budget" table (plain,
/// steered and their paired deltas per adapter and budget), the epochs column of results.csv and the vs-epochs plot
/// with the pre-trained model as a horizontal line.
/// </summary>
public sealed class WarmStartBudgetResultsTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static CellResult Cell(string id, string peft, string method, double? epochs, double acc)
    {
        var parameters = new SortedDictionary<string, double>(StringComparer.Ordinal);
        if (epochs is { } e)
        {
            parameters["epochs"] = e;
        }
        if (method != "off")
        {
            parameters["alpha"] = 0.1;
        }
        return new CellResult(id, peft, method == "off" ? "off" : "on", parameters,
            [new BenchmarkResult("demo", "jsonl", [new MetricValue("acc", acc, 0.05, 100)], new SortedDictionary<string, double>(StringComparer.Ordinal), null)])
        {
            Decoding = method,
            Aggregate = method == "svdecode" ? "mean" : null,
            ScoringMask = method == "off" ? null : "soft",
        };
    }

    private static PairedDelta Delta(string baseline, string cell, double delta) =>
        new("demo", "acc", baseline, cell, delta, 0.02, delta - 0.04, delta + 0.04, 0.95, 100, 1000, 1234);

    /// <summary>The pre-trained model, LoRA after a quarter and after two epochs, each plain and with SVDecode.</summary>
    private static RunResults Curve(params double[] budgets)
    {
        var cells = new List<CellResult> { Cell("none", "none", "off", null, 0.50) };
        var deltas = new List<PairedDelta>();
        foreach (var (epochs, i) in budgets.Select((e, i) => (e, i)))
        {
            var plain = FormattableString.Invariant($"lora[epochs={epochs}]");
            var steered = FormattableString.Invariant($"lora+svdecode[epochs={epochs}]");
            cells.Add(Cell(plain, "lora", "off", epochs, Math.Round(0.55 + 0.1 * i, 4)));
            cells.Add(Cell(steered, "lora", "svdecode", epochs, Math.Round(0.58 + 0.09 * i, 4)));
            deltas.Add(Delta("none", plain, 0.05 + 0.1 * i));
            deltas.Add(Delta(plain, steered, 0.03 - 0.01 * i));
        }
        return SampleResults.Build() with { Cells = cells, PairedDeltas = deltas, Timings = [] };
    }

    [Fact]
    public void TheReportTabulatesEachBudgetPlainAndSteeredWithTheirPairedDeltas()
    {
        var report = MarkdownReportExporter.Render(Curve(0.25, 2));

        Assert.Contains("Warm-start budget (each adapter after that many epochs", report, StringComparison.Ordinal);
        Assert.Contains("| lora | 0.25 | acc | 0.5500 ± 0.0500 | +0.0500 | [0.0100, 0.0900] | lora+svdecode | 0.5800 ± 0.0500 | +0.0300 | [-0.0100, 0.0700] | 100 |", report, StringComparison.Ordinal);
        Assert.Contains("| lora | 2 | acc | 0.6500 ± 0.0500 | +0.1500 | [0.1100, 0.1900] | lora+svdecode | 0.6700 ± 0.0500 | +0.0200 | [-0.0200, 0.0600] | 100 |", report, StringComparison.Ordinal);
        // Each budget's adapter is its own row of the main table, paired with its own steered cell.
        Assert.Contains("| lora[epochs=0.25] | acc | 0.5500 ± 0.0500 | 0.5800 ± 0.0500 | +0.0300 |", report, StringComparison.Ordinal);
        // One budget is no curve: no table.
        Assert.DoesNotContain("Warm-start budget", MarkdownReportExporter.Render(Curve(0.5)), StringComparison.Ordinal);
    }

    [Fact]
    public void TheCsvHasTheBudgetAndTheScoringMaskOfEachCell()
    {
        var csv = CsvResultsExporter.Render(Curve(0.25, 2)).Split('\n');

        Assert.StartsWith("cell,peft,steering,decoding,epochs,seed,alpha,scoring_mask,aggregate,mu,strength,", csv[0], StringComparison.Ordinal);
        Assert.Contains("lora[epochs=0.25],lora,off,off,0.25,,,,,,,demo,jsonl,acc,0.55,0.05,100", csv);
        Assert.Contains("lora+svdecode[epochs=2],lora,on,svdecode,2,,0.1,soft,mean,,,demo,jsonl,acc,0.67,0.05,100", csv);
        Assert.Contains("none,none,off,off,,,,,,,,demo,jsonl,acc,0.5,0.05,100", csv);
    }

    [Fact]
    public void TheMetricIsDrawnAgainstTheBudgetPerAdapterAndMethodWithThePretrainedLevel()
    {
        new PlotExporter().Export(Curve(0.25, 1, 2), _dir.Path);

        var svg = File.ReadAllText(_dir.Combine(PlotExporter.Folder, "demo.acc.vs-epochs.svg"));
        Assert.True(File.Exists(_dir.Combine(PlotExporter.Folder, "demo.acc.vs-epochs.png")));
        var texts = SvgText.Of(svg);
        Assert.Contains("lora", texts);           // the plain adapter
        Assert.Contains("lora+svdecode", texts);
        Assert.Contains("none (pre-trained) = 0.5000", texts);
        Assert.Contains("warm-start budget (epochs)", texts);
        Assert.False(File.Exists(_dir.Combine(PlotExporter.Folder, "demo.acc.vs-alpha.svg"))); // one α: no α sweep
    }
}

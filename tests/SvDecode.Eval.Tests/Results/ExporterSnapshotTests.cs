using System.Text.Json;
using Snapshooter;
using Snapshooter.Xunit;
using SvDecode.Eval.Metrics;
using SvDecode.Eval.Results;
using SvDecode.Eval.Scoring;
using SvDecode.Eval.Tests.Support;
using Xunit;

namespace SvDecode.Eval.Tests.Results;

/// <summary>Every text exporter pinned on <see cref="SampleResults"/>, through its Export method into a folder.</summary>
public sealed class ExporterSnapshotTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Export(IResultsExporter exporter, RunResults results, string file)
    {
        exporter.Export(results, _dir.Path);
        return File.ReadAllText(_dir.Combine(file));
    }

    [Fact]
    public void JsonMatchesTheSnapshot() =>
        Snapshot.Match(Export(new JsonResultsExporter(), SampleResults.Build(), JsonResultsExporter.FileName), SnapshotNameExtension.Create("json"));

    [Fact]
    public void MarkdownMatchesTheSnapshot() =>
        Snapshot.Match(Export(new MarkdownReportExporter(), SampleResults.Build(), MarkdownReportExporter.FileName), SnapshotNameExtension.Create("md"));

    [Fact]
    public void CsvMatchesTheSnapshot() =>
        Snapshot.Match(Export(new CsvResultsExporter(), SampleResults.Build(), CsvResultsExporter.FileName), SnapshotNameExtension.Create("csv"));

    [Fact]
    public void CsvHasOneRowPerCellBenchmarkAndMetric()
    {
        var lines = Export(new CsvResultsExporter(), SampleResults.Build(), CsvResultsExporter.FileName).TrimEnd('\n').Split('\n');
        // 4 cells × (2 TruthfulQA metrics + 1 ARC metric) and a header.
        Assert.Equal(1 + 4 * 3, lines.Length);
        // A cell of a results file older than the decoding axis reads its method from the steering switch.
        Assert.Equal("lora+svdecode,lora,on,svdecode,,,0.1,,,,2.5,truthfulqa_mc,truthfulqa_mc,mc1,0.34,0.046,100", lines[4]);
    }

    [Fact]
    public void TheMarkdownReportSaysWhenTheModelIsTheSyntheticDemo()
    {
        Assert.Contains("Synthetic demo model", MarkdownReportExporter.Render(SampleResults.Build(synthetic: true)), StringComparison.Ordinal);
        Assert.DoesNotContain("Synthetic", MarkdownReportExporter.Render(SampleResults.Build(synthetic: false)), StringComparison.Ordinal);
    }

    [Fact]
    public void ItemLogsMatchTheSnapshotAndLabelEveryOutputWithItsUnit()
    {
        // Two lines as the score stage writes them (ItemOutput), the second of a steered cell with its unsteered scores.
        var outputs = _dir.File("artifact/items.jsonl", string.Concat(new[]
        {
            new ItemOutput("q1", "Health", "multiple_choice", "Q: Is it safe?\nA:", [" yes", " no"], 1, null, [-1.5, -2.25], null, 0, null, null, null, null, false),
            new ItemOutput("q2", "Misconceptions", "multiple_choice", "Q: Do we use 10% of our brain?\nA:", [" yes", " no"], 1, null, [-0.5, -3.0], [-2.5, -1.0], 0, 1, null, null, null, false),
        }.Select(o => JsonSerializer.Serialize(o, Json.Canonical) + "\n")) + "\n");
        var results = SampleResults.Build() with { Manifest = SampleResults.Build().Manifest with { LogItems = true } };
        results = results with
        {
            ItemLogs =
            [
                new UnitItemLog("lora", "truthfulqa_mc", [new ItemScores("mc1", ["q1", "q2"], [1, 0]), new ItemScores("mc2", ["q1", "q2"], [0.75, 0.125])], outputs),
                new UnitItemLog("lora+svdecode", "truthfulqa_mc", [new ItemScores("mc1", ["q1", "q2"], [1, 1])], null),
            ],
        };
        var scores = Export(new ItemLogExporter(), results, ItemScoreLog.FileName);
        var items = File.ReadAllText(_dir.Combine(ItemLogExporter.OutputsFileName));
        Snapshot.Match(new { scores, items }, SnapshotNameExtension.Create("items"));

        var read = ItemScoreLog.Read(_dir.Combine(ItemScoreLog.FileName));
        Assert.Equal([0.75, 0.125], read[("lora", "truthfulqa_mc", "mc2")].Values);
        Assert.Equal(["q1", "q2"], read[("lora+svdecode", "truthfulqa_mc", "mc1")].ItemIds);
    }

    [Fact]
    public void WithoutLogItemsStaleItemLogsAreRemoved()
    {
        _dir.File(ItemScoreLog.FileName, "{}\n");
        _dir.File(ItemLogExporter.OutputsFileName, "{}\n");
        new ItemLogExporter().Export(SampleResults.Build(), _dir.Path);
        Assert.False(File.Exists(_dir.Combine(ItemScoreLog.FileName)));
        Assert.False(File.Exists(_dir.Combine(ItemLogExporter.OutputsFileName)));
    }

    [Fact]
    public void ResultsJsonRoundTrips()
    {
        new JsonResultsExporter().Export(SampleResults.Build(), _dir.Path);
        var read = Comparison.ComparisonTestRuns.Read(_dir.Combine(JsonResultsExporter.FileName));
        Assert.Equal(SampleResults.Build().Cells[1].Benchmarks[0].MuStar!.Counts, read.Cells[1].Benchmarks[0].MuStar!.Counts);
        Assert.Equal(0.1, read.Cells[1].Parameters["alpha"]);
        Assert.True(read.Manifest.Model.Synthetic);
    }
}

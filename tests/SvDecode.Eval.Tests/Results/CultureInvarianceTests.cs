using System.Globalization;
using SvDecode.Eval.Engine;
using SvDecode.Eval.Results;
using SvDecode.Eval.Tests.Engine;
using SvDecode.Eval.Tests.Support;
using Xunit;

namespace SvDecode.Eval.Tests.Results;

/// <summary>
/// Globalization is on (ICU, for the tokenizers' Unicode normalization), so a machine's locale could leak into files:
/// "0,34" for 0.34 under German. Every exporter formats invariantly, and a run sets the invariant culture for itself
/// only, handing the caller's culture back when it returns.
/// </summary>
public sealed class CultureInvarianceTests : IDisposable
{
    private static readonly CultureInfo German = CultureInfo.GetCultureInfo("de-DE");

    private readonly TempDirectory _dir = new();
    private readonly CultureInfo _before = CultureInfo.CurrentCulture;

    public void Dispose()
    {
        CultureInfo.CurrentCulture = _before;
        _dir.Dispose();
    }

    [Fact]
    public void IcuIsOnSoTheGermanCultureReallyFormatsDifferently() =>
        Assert.Equal("0,5", 0.5.ToString(German)); // under invariant globalization every culture formats as invariant

    [Theory]
    [InlineData(JsonResultsExporter.FileName)]
    [InlineData(MarkdownReportExporter.FileName)]
    [InlineData(CsvResultsExporter.FileName)]
    public void EveryExporterWritesTheSameFileUnderAnyCulture(string file)
    {
        var exporters = new IResultsExporter[] { new JsonResultsExporter(), new MarkdownReportExporter(), new CsvResultsExporter() };
        string Export(CultureInfo culture, string folder)
        {
            CultureInfo.CurrentCulture = culture;
            foreach (var exporter in exporters)
            {
                exporter.Export(SampleResults.Build(), _dir.Combine(folder));
            }
            return File.ReadAllText(_dir.Combine(folder, file));
        }

        Directory.CreateDirectory(_dir.Combine("invariant"));
        Directory.CreateDirectory(_dir.Combine("german"));
        Assert.Equal(Export(CultureInfo.InvariantCulture, "invariant"), Export(German, "german"));
    }

    [Fact]
    public async Task ARunFormatsInvariantlyAndHandsTheCallersCultureBack()
    {
        using var services = TestRunHost.Services(new ExecutionLog(_dir.Combine("log")));
        var pipeline = TestPipelines.WriteMultiCell(_dir);

        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        await PipelineRunner.RunAsync(new RunRequest(TestRunHost.Load(pipeline), _dir.Combine("invariant")), services, CancellationToken.None);
        CultureInfo.CurrentCulture = German;
        await PipelineRunner.RunAsync(new RunRequest(TestRunHost.Load(pipeline), _dir.Combine("german")), services, CancellationToken.None);

        Assert.Same(German, CultureInfo.CurrentCulture);
        Assert.Equal(TestRunHost.Comparable(_dir.Combine("invariant", "results.json")), TestRunHost.Comparable(_dir.Combine("german", "results.json")));
        Assert.Equal(File.ReadAllText(_dir.Combine("invariant", "results.csv")), File.ReadAllText(_dir.Combine("german", "results.csv")));
    }
}

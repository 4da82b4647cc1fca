namespace SvDecode.Eval.Results;

/// <summary>results.json: the versioned, machine-readable record of the run.</summary>
public sealed class JsonResultsExporter : IResultsExporter
{
    public const string FileName = "results.json";

    public string Name => "json";

    public IReadOnlyList<string> Files => [FileName];

    public void Export(RunResults results, string outputDirectory) =>
        AtomicFile.WriteJson(Path.Combine(outputDirectory, FileName), results);
}

namespace SvDecode.Eval.Results;

/// <summary>Writes one view of a run's results into the run directory (results.json, report.md, …), atomically.</summary>
public interface IResultsExporter
{
    string Name { get; }

    /// <summary>The file names this exporter writes, relative to the run directory.</summary>
    IReadOnlyList<string> Files { get; }

    void Export(RunResults results, string outputDirectory);
}

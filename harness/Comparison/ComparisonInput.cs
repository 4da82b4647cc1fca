using System.Text.Json;
using SvDecode.Eval.Metrics;
using SvDecode.Eval.Results;

namespace SvDecode.Eval.Comparison;

/// <summary>One side of a comparison: a results.json and, when the run had --log-items, its item_scores.jsonl.</summary>
public sealed record ComparisonInput(string Path, RunResults Results, IReadOnlyDictionary<(string Cell, string Benchmark, string Metric), ItemScores>? Items)
{
    /// <summary>Reads results.json (and item_scores.jsonl beside it); anything unreadable is an <see cref="InputException"/>.</summary>
    public static ComparisonInput Load(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        RunResults? results;
        try
        {
            results = JsonSerializer.Deserialize<RunResults>(File.ReadAllBytes(full), Json.Options);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"{full}: cannot read the results ({ex.Message})");
        }
        catch (JsonException ex)
        {
            throw new InputException($"{full}: not a results.json ({ex.Message})");
        }
        if (results is null || results.Schema != RunResults.SchemaName)
        {
            throw new InputException($"{full}: field 'schema' is '{results?.Schema}', expected '{RunResults.SchemaName}'");
        }
        if (results.SchemaVersion < 1 || results.SchemaVersion > RunResults.CurrentSchemaVersion)
        {
            throw new InputException($"{full}: field 'schema_version' is {results.SchemaVersion}; this svdecode-eval reads 1 to {RunResults.CurrentSchemaVersion}");
        }
        if (results.Manifest is null || results.Cells is null)
        {
            throw new InputException($"{full}: fields 'manifest' and 'cells' are required");
        }
        var items = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(full)!, ItemScoreLog.FileName);
        return new ComparisonInput(full, results, File.Exists(items) ? ItemScoreLog.Read(items) : null);
    }
}

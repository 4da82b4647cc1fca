using System.Text.Json;
using SvDecode.Eval.Metrics;
using SvDecode.Eval.Results;
using SvDecode.Eval.Steering;

namespace SvDecode.Eval.Engine;

/// <summary>The folder a running stage writes into. It becomes visible to later runs only when committed whole.</summary>
public sealed class ArtifactWriter
{
    private readonly List<MetricValue> _metrics = [];
    private readonly SortedDictionary<string, double> _diagnostics = new(StringComparer.Ordinal);
    private readonly List<ItemScores> _itemScores = [];

    internal ArtifactWriter(string directory) => Directory = directory;

    public string Directory { get; }

    public IReadOnlyList<MetricValue> Metrics => _metrics;

    public IReadOnlyDictionary<string, double> Diagnostics => _diagnostics;

    /// <summary>The path of a file in the artifact, for stages that write files themselves (adapters, tensors).</summary>
    public string PathOf(string fileName)
    {
        var path = Path.GetFullPath(Path.Combine(Directory, fileName));
        if (!path.StartsWith(Directory, StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{fileName}' leaves the artifact folder", nameof(fileName));
        }
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path;
    }

    public void WriteJson<T>(string fileName, T value) =>
        File.WriteAllBytes(PathOf(fileName), JsonSerializer.SerializeToUtf8Bytes(value, Json.Options));

    public void WriteText(string fileName, string text) => File.WriteAllText(PathOf(fileName), text);

    /// <summary>A metric for results.json (value, standard error, item count).</summary>
    public void AddMetric(MetricValue metric) => _metrics.Add(metric);

    /// <summary>Per-item values of a metric, for paired differences between cells (written to item_scores.json).</summary>
    public void AddItemScores(ItemScores scores)
    {
        if (scores.ItemIds.Count != scores.Values.Count)
        {
            throw new ArgumentException($"{scores.Metric}: {scores.ItemIds.Count} ids but {scores.Values.Count} values", nameof(scores));
        }
        _itemScores.Add(scores);
    }

    internal IReadOnlyList<ItemScores> ItemScores => _itemScores;

    /// <summary>Per-item outputs (what the model did on each item), one JSON object per line, in item order: the
    /// run's items.jsonl with --log-items, and what a shard merge joins.</summary>
    public void WriteItemOutputs<T>(IEnumerable<T> items) =>
        WriteText(ArtifactStore.ItemOutputsFileName, string.Concat(items.Select(i => JsonSerializer.Serialize(i, Json.Canonical) + "\n")));

    /// <summary>The μ* histogram of the unit (results.json's mu_star and the strength plots); at most one per unit.</summary>
    public StrengthHistogram? MuStar { get; set; }

    /// <summary>A named number for results.json's diagnostics (μ̄, kept-token fraction, non-finite counts…).</summary>
    public void SetDiagnostic(string name, double value) => _diagnostics[name] = value;
}

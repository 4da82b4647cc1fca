using System.Globalization;
using System.Text;

namespace SvDecode.Eval.Data;

/// <summary>What `svdecode-eval inspect` prints: items per split and the first rendered prompts.</summary>
public sealed record InspectResult(
    string Benchmark,
    TemplateInfo Template,
    IReadOnlyDictionary<string, int> ItemsPerSplit,
    int SkippedRows,
    IReadOnlyList<FileDigest> Files,
    IReadOnlyList<BenchmarkItem> FirstItems)
{
    public string ToText()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"benchmark: {Benchmark}\ntemplate: {Template}\n");
        foreach (var (split, count) in ItemsPerSplit)
        {
            text.Append(CultureInfo.InvariantCulture, $"{split}: {count} items\n");
        }
        if (SkippedRows > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"skipped bad rows: {SkippedRows}\n");
        }
        foreach (var item in FirstItems)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n--- {item.Id}");
            if (item.GoldIndex >= 0)
            {
                text.Append(CultureInfo.InvariantCulture, $" (gold: {item.GoldIndex}");
                if (item.GoldIndex < item.AnswerLabels.Count)
                {
                    text.Append(CultureInfo.InvariantCulture, $" = {item.AnswerLabels[item.GoldIndex]}");
                }
                text.Append(')');
            }
            text.Append(" ---\n").Append(item.Prompt).Append('\n');
            for (var c = 0; c < item.Choices.Count; c++)
            {
                text.Append(CultureInfo.InvariantCulture, $"  [{c}] {item.Choices[c]}\n");
            }
            text.Append(CultureInfo.InvariantCulture, $"  warm-start target: {item.WarmStart.Target}\n");
        }
        return text.ToString();
    }
}

/// <summary>The `inspect` logic, callable without the CLI.</summary>
public static class BenchmarkInspector
{
    /// <summary>Loads with <paramref name="adapter"/> and keeps the first <paramref name="n"/> items of the first non-empty split (test first).</summary>
    public static InspectResult Inspect(IBenchmark adapter, BenchmarkLoadRequest request, int n, CancellationToken ct)
    {
        if (n < 0)
        {
            throw new InputException($"--n must be zero or more, found {n}.");
        }
        var data = adapter.Load(request, ct);
        var counts = data.Splits.ToDictionary(s => s.Key, s => s.Value.Count, StringComparer.Ordinal);
        var shown = data.HasSplit(BenchmarkSplits.Test)
            ? data.Split(BenchmarkSplits.Test)
            : data.Splits.Values.FirstOrDefault(s => s.Count > 0) ?? [];
        return new InspectResult(data.Benchmark, data.Template, counts, data.SkippedRowCount, data.Files, shown.Take(n).ToList());
    }
}

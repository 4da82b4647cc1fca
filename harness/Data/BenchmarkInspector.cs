using System.Globalization;
using System.Text;

namespace SvDecode.Eval.Data;

/// <summary>What `svdecode-eval inspect` prints: items per split, how the prompts are made (when the data splits) and
/// the first rendered prompts.</summary>
public sealed record InspectResult(
    string Benchmark,
    TemplateInfo Template,
    IReadOnlyDictionary<string, int> ItemsPerSplit,
    int SkippedRows,
    IReadOnlyList<FileDigest> Files,
    IReadOnlyList<BenchmarkItem> FirstItems,
    SplitManifest? Split = null,
    PromptManifest? Prompt = null)
{
    public string ToText()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"benchmark: {Benchmark}\ntemplate: {Template}");
        if (Prompt is { TemplateSource: not "built-in" } file)
        {
            text.Append(CultureInfo.InvariantCulture, $" ({file.TemplateSource})");
        }
        text.Append('\n');
        foreach (var (split, count) in ItemsPerSplit)
        {
            text.Append(CultureInfo.InvariantCulture, $"{split}: {count} items\n");
        }
        if (SkippedRows > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"skipped bad rows: {SkippedRows}\n");
        }
        if (Split is { } s)
        {
            text.Append(CultureInfo.InvariantCulture, $"split ({s.Strategy}, seed {s.Seed}): {s.TrainCount} train, {s.CalibrationCount} calibration, {s.TestCount} test\n");
        }
        if (Prompt is { } p)
        {
            text.Append(CultureInfo.InvariantCulture, $"few-shot: {(p.NumFewshot == 0 ? "none (zero-shot)" : $"{p.NumFewshot} ({p.FewshotSampler}, seed {p.FewshotSeed}) from the train split, before calibration and test prompts")}\n");
            text.Append(CultureInfo.InvariantCulture, $"chat template: {p.ChatTemplate ?? "none"}\n");
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
            text.Append(" ---\n");
            if (item.FewShotIds.Count > 0)
            {
                text.Append(CultureInfo.InvariantCulture, $"few-shot examples: {string.Join(", ", item.FewShotIds)}\n");
            }
            text.Append(item.Prompt).Append('\n');
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
    /// <summary>Loads with <paramref name="adapter"/> and keeps the first <paramref name="n"/> items of the first non-empty split (test first), as read.</summary>
    public static InspectResult Inspect(IBenchmark adapter, BenchmarkLoadRequest request, int n, CancellationToken ct)
    {
        CheckCount(n);
        var data = adapter.Load(request, ct);
        var shown = data.HasSplit(BenchmarkSplits.Test)
            ? data.Split(BenchmarkSplits.Test)
            : data.Splits.Values.FirstOrDefault(s => s.Count > 0) ?? [];
        return new InspectResult(data.Benchmark, data.Template, Counts(data), data.SkippedRowCount, data.Files, shown.Take(n).ToList());
    }

    /// <summary>
    /// What a run renders: loads, splits with <paramref name="split"/> and applies <paramref name="format"/>, then keeps
    /// the first <paramref name="n"/> test items with their final prompts. Data without a test split (an MMLU folder
    /// of dev/ only) is shown as read when the format is plain.
    /// </summary>
    public static InspectResult Inspect(IBenchmark adapter, BenchmarkLoadRequest request, int n, SplitOptions split, PromptFormat format, CancellationToken ct)
    {
        CheckCount(n);
        var data = adapter.Load(request, ct);
        if (!data.HasSplit(split.TestSplit) && format == PromptFormat.Plain)
        {
            var shown = data.Splits.Values.FirstOrDefault(s => s.Count > 0) ?? [];
            return new InspectResult(data.Benchmark, data.Template, Counts(data), data.SkippedRowCount, data.Files, shown.Take(n).ToList());
        }
        var prepared = PreparedBenchmark.From(data, split, n, format);
        return new InspectResult(data.Benchmark, data.Template, Counts(data), data.SkippedRowCount, data.Files, prepared.Test,
            prepared.Plan.Manifest, format.Manifest(data.Template, request.Template?.Source ?? "built-in", split.Seed));
    }

    private static Dictionary<string, int> Counts(BenchmarkData data) => data.Splits.ToDictionary(s => s.Key, s => s.Value.Count, StringComparer.Ordinal);

    private static void CheckCount(int n)
    {
        if (n < 0)
        {
            throw new InputException($"--n must be zero or more, found {n}.");
        }
    }
}

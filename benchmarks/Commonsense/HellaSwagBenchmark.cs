using System.Globalization;
using SvDecode.Eval.Benchmarks.Templates;
using SvDecode.Eval.Data;

namespace SvDecode.Eval.Benchmarks.Commonsense;

/// <summary>
/// HellaSwag in the llama.cpp text format: six lines per item (context, gold label 0-3, four endings). The instruction is
/// written the way LLM-Adapters wrote its HellaSwag data ("Please choose the correct ending to complete the given
/// sentence: ... Ending1: ... Answer format: ending1/ending2/ending3/ending4"), then rendered with the commonsense template.
/// </summary>
public sealed class HellaSwagBenchmark : IBenchmark
{
    private const int LinesPerItem = 6;
    private const int Endings = 4;

    public string Name => "hellaswag";

    public string Description => "HellaSwag (4 endings), llama.cpp six-lines-per-item text; LLM-Adapters prompt";

    public IReadOnlyList<string> Formats { get; } =
        ["text, 6 lines per item: '<activity>: <context>', gold label 0-3, ending 0..3 (llama.cpp hellaswag_val_full.txt)"];

    public IReadOnlyList<string> Metrics => MetricNames.MultipleChoice;

    public IReadOnlyList<ScoringKind> ScoringKinds { get; } = [ScoringKind.MultipleChoice];

    public bool Judgeable => false;

    public TemplateSchema TemplateSchema => TemplateSchemas.Commonsense;

    public BenchmarkData Load(BenchmarkLoadRequest request, CancellationToken ct)
    {
        var template = TemplateSchemas.Resolve(TemplateSchema, request);
        var data = new BenchmarkDataBuilder(Name, template.Info, request.SkipBadRows);
        foreach (var (split, path) in BenchmarkDataBuilder.TestAndTrain(request))
        {
            data.SetSplit(split, ReadItems(data.Read(path, ct), split, template, data.Policy, ct));
        }
        return data.Build();
    }

    private List<BenchmarkItem> ReadItems(DataFile file, string split, PromptTemplate template, BadRowPolicy policy, CancellationToken ct)
    {
        var lines = file.Text.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        // A file ends with one newline: drop the empty tail, then whole items only.
        while (lines.Count > 0 && lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }
        if (lines.Count % LinesPerItem != 0)
        {
            throw new InputException($"{file.Path}:{lines.Count - lines.Count % LinesPerItem + 1}: {lines.Count} lines is not a whole number of {LinesPerItem}-line items (the last item is cut short).");
        }
        var items = new List<BenchmarkItem>(lines.Count / LinesPerItem);
        for (var start = 0; start < lines.Count; start += LinesPerItem)
        {
            ct.ThrowIfCancellationRequested();
            var index = start / LinesPerItem;
            var block = lines.GetRange(start, LinesPerItem);
            var item = policy.Row(file.Path, start + 1, () => Build(block, file.Path, start, split, index, template));
            if (item is not null)
            {
                items.Add(item);
            }
        }
        return items;
    }

    private BenchmarkItem Build(List<string> block, string path, int start, string split, int index, PromptTemplate template)
    {
        var context = block[0].Trim();
        if (context.Length == 0)
        {
            throw new BadRowException("empty context line.");
        }
        if (!int.TryParse(block[1].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var gold) || gold is < 0 or >= Endings)
        {
            throw new BadRowException($"line {start + 2} of {path}: gold label must be 0-3, found '{block[1]}'.");
        }
        var endings = block.Skip(2).Select(e => e.Trim()).ToList();
        if (endings.Any(e => e.Length == 0))
        {
            throw new BadRowException("an ending line is empty.");
        }
        var labels = Enumerable.Range(1, Endings).Select(k => $"ending{k}").ToList();
        var instruction = $"Please choose the correct ending to complete the given sentence: {context}\n\n"
            + string.Join(' ', endings.Select((e, k) => $"Ending{k + 1}: {e}"))
            + $"\n\nAnswer format: {string.Join('/', labels)}";
        var question = new ParsedQuestion(context, endings, labels);
        return CommonsenseItemBuilder.Build(template, $"{Name}:{split}:{index}", instruction, null, question, gold);
    }
}

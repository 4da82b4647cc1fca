using System.Globalization;
using SvDecode.Eval.Benchmarks.Templates;
using SvDecode.Eval.Data;

namespace SvDecode.Eval.Benchmarks.Mmlu;

/// <summary>
/// MMLU (hendrycks/test CSVs): <c>DataPath</c> is the data folder (or its parent) holding dev/, val/ and test/ with
/// "&lt;subject&gt;_&lt;split&gt;.csv" files (no header; question, A, B, C, D, answer letter), or one such CSV (read as test).
/// Splits: dev → "dev", val → "validation", test → "test". Subject files are read in ordinal name order.
/// </summary>
public sealed class MmluBenchmark : IBenchmark
{
    private static readonly string[] Letters = ["A", "B", "C", "D"];
    private static readonly (string Folder, string Split)[] Folders =
        [("dev", BenchmarkSplits.Dev), ("val", BenchmarkSplits.Validation), ("test", BenchmarkSplits.Test)];

    public string Name => "mmlu";

    public string Description => "MMLU, 57 subjects, zero-shot A-D prompt";

    public IReadOnlyList<string> Formats { get; } =
        ["folder with dev/, val/, test/ of <subject>_<split>.csv (no header: question,A,B,C,D,answer letter), or one such CSV"];

    public IReadOnlyList<string> Metrics => MetricNames.MultipleChoice;

    public IReadOnlyList<ScoringKind> ScoringKinds { get; } = [ScoringKind.MultipleChoice];

    public bool Judgeable => false;

    public TemplateSchema TemplateSchema => TemplateSchemas.Mmlu;

    public BenchmarkData Load(BenchmarkLoadRequest request, CancellationToken ct)
    {
        var template = TemplateSchemas.Resolve(TemplateSchema, request);
        var data = new BenchmarkDataBuilder(Name, template.Info, request.SkipBadRows);
        if (File.Exists(request.DataPath))
        {
            data.SetSplit(BenchmarkSplits.Test, ReadFile(request.DataPath, "test", BenchmarkSplits.Test, template, data, ct));
        }
        else
        {
            var root = Directory.Exists(Path.Combine(request.DataPath, "data", "test")) ? Path.Combine(request.DataPath, "data") : request.DataPath;
            foreach (var (folder, split) in Folders)
            {
                var directory = Path.Combine(root, folder);
                if (!Directory.Exists(directory))
                {
                    continue;
                }
                var items = new List<BenchmarkItem>();
                foreach (var path in Directory.GetFiles(directory, "*.csv").Order(StringComparer.Ordinal))
                {
                    items.AddRange(ReadFile(path, folder, split, template, data, ct));
                }
                data.SetSplit(split, items);
            }
            if (data.SplitCount == 0)
            {
                throw new InputException($"{request.DataPath}: not an MMLU CSV nor a folder holding dev/, val/ or test/.");
            }
        }
        return data.Build();
    }

    private List<BenchmarkItem> ReadFile(string path, string folder, string split, PromptTemplate template, BenchmarkDataBuilder data, CancellationToken ct)
    {
        var file = data.Read(path, ct);
        var name = Path.GetFileNameWithoutExtension(path);
        var subject = name.EndsWith("_" + folder, StringComparison.Ordinal) ? name[..^(folder.Length + 1)] : name;
        return data.Rows(file, CsvReader.Read(file), record => record.Line, (record, row) => Build(template, split, subject, row, record), ct);
    }

    private BenchmarkItem Build(PromptTemplate template, string split, string subject, int row, CsvRecord record)
    {
        if (record.Fields.Count != 6)
        {
            throw new BadRowException($"{record.Fields.Count} fields; expected 6 (question, A, B, C, D, answer letter).");
        }
        var question = record.Fields[0].Trim();
        var choices = record.Fields.Skip(1).Take(4).Select(c => c.Trim()).ToList();
        var gold = Array.IndexOf(Letters, record.Fields[5].Trim().ToUpperInvariant());
        if (gold < 0)
        {
            throw new BadRowException($"answer must be A, B, C or D, found '{record.Fields[5]}'.");
        }
        if (question.Length == 0)
        {
            throw new BadRowException("empty question.");
        }
        var fields = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["subject"] = subject.Replace('_', ' '),
            ["question"] = question,
        };
        for (var k = 0; k < 4; k++)
        {
            fields[Letters[k]] = choices[k];
        }
        var prompt = template.Render(PromptTemplate.PromptSection, fields);
        var continuations = Enumerable.Range(0, 4).Select(k => template.Render(PromptTemplate.ChoiceSection,
            new Dictionary<string, string>(StringComparer.Ordinal) { ["choice"] = choices[k], ["label"] = Letters[k] })).ToList();
        var target = template.Render(PromptTemplate.TargetSection,
            new Dictionary<string, string>(StringComparer.Ordinal) { ["gold_label"] = Letters[gold], ["gold_choice"] = choices[gold] });
        return new BenchmarkItem
        {
            Id = string.Create(CultureInfo.InvariantCulture, $"{Name}:{split}:{subject}:{row}"),
            Group = subject,
            Prompt = prompt,
            Choices = continuations,
            ChoiceTexts = choices,
            GoldIndex = gold,
            AnswerLabels = Letters,
            WarmStart = new WarmStartExample(prompt, target),
        };
    }
}

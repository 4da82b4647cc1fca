using SvDecode.Eval.Benchmarks.Templates;
using SvDecode.Eval.Data;

namespace SvDecode.Eval.Benchmarks.Commonsense;

/// <summary>
/// Shared loading for the LLM-Adapters JSON suites (a JSON array of {"instruction","input","output","answer"}).
/// <c>DataPath</c> is the evaluation file, or a folder holding test.json and/or train.json; <c>TrainDataPath</c> an
/// extra training file. Subclasses only say how to take an instruction apart.
/// </summary>
public abstract class LlmAdaptersAdapter : IBenchmarkAdapter
{
    public abstract string Name { get; }

    public abstract string Description { get; }

    public virtual IReadOnlyList<string> Formats { get; } =
        ["LLM-Adapters JSON array of {instruction, input, output, answer} (test.json / train.json, or a folder holding them)"];

    public IReadOnlyList<string> Metrics => MetricNames.MultipleChoice;

    /// <summary>Takes the question apart; throws <see cref="BadRowException"/> when the text does not fit.</summary>
    protected abstract ParsedQuestion Parse(string instruction);

    /// <summary>The "input" for the prompt (BoolQ passages); null uses the plain prompt.</summary>
    protected virtual Func<int, string?> InputsFor(string split, DataFile file, IReadOnlyList<JsonRow> rows,
        BenchmarkLoadRequest request, List<FileDigest> digests, CancellationToken ct) => _ => null;

    public BenchmarkData Load(BenchmarkLoadRequest request, CancellationToken ct)
    {
        var template = TemplateLibrary.Get(TemplateLibrary.Commonsense);
        var policy = new BadRowPolicy(request.SkipBadRows);
        var digests = new List<FileDigest>();
        var splits = new Dictionary<string, IReadOnlyList<BenchmarkItem>>(StringComparer.Ordinal);
        foreach (var (split, path) in LlmAdaptersFiles.Locate(request))
        {
            var file = DataFile.Read(path, ct);
            digests.Add(file.Digest);
            var rows = JsonArrayReader.Read(file);
            var inputs = InputsFor(split, file, rows, request, digests, ct);
            var items = new List<BenchmarkItem>(rows.Count);
            for (var index = 0; index < rows.Count; index++)
            {
                ct.ThrowIfCancellationRequested();
                var row = rows[index];
                var rowIndex = index;
                var item = policy.Row(file.Path, row.Line, () =>
                {
                    var instruction = row.RequiredString("instruction");
                    var answer = row.RequiredString("answer").Trim();
                    var question = Parse(instruction);
                    var gold = IndexOf(question.Labels, answer)
                        ?? throw new BadRowException($"answer '{answer}' is not one of {string.Join("/", question.Labels)}.");
                    return CommonsenseItemBuilder.Build(template, $"{Name}:{split}:{rowIndex}", instruction, inputs(rowIndex), question, gold);
                });
                if (item is not null)
                {
                    items.Add(item);
                }
            }
            splits[split] = items;
        }
        return new BenchmarkData
        {
            Benchmark = Name,
            Template = template.Info,
            Splits = splits,
            SkippedRows = policy.Skipped,
            Files = digests,
        };
    }

    private static int? IndexOf(IReadOnlyList<string> labels, string answer)
    {
        for (var k = 0; k < labels.Count; k++)
        {
            if (string.Equals(labels[k], answer, StringComparison.OrdinalIgnoreCase))
            {
                return k;
            }
        }
        return null;
    }
}

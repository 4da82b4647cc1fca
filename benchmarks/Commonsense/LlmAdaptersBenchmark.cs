using SvDecode.Eval.Benchmarks.Templates;
using SvDecode.Eval.Data;

namespace SvDecode.Eval.Benchmarks.Commonsense;

/// <summary>
/// Shared loading for the LLM-Adapters JSON suites (a JSON array of {"instruction","input","output","answer"}).
/// <c>DataPath</c> is the evaluation file, or a folder holding test.json and/or train.json; <c>TrainDataPath</c> an
/// extra training file. Subclasses only say how to take an instruction apart.
/// </summary>
public abstract class LlmAdaptersBenchmark : IBenchmark
{
    public abstract string Name { get; }

    public abstract string Description { get; }

    public virtual IReadOnlyList<string> Formats { get; } =
        ["LLM-Adapters JSON array of {instruction, input, output, answer} (test.json / train.json, or a folder holding them)"];

    public IReadOnlyList<string> Metrics => MetricNames.MultipleChoice;

    public IReadOnlyList<ScoringKind> ScoringKinds { get; } = [ScoringKind.MultipleChoice];

    public bool Judgeable => false;

    public TemplateSchema TemplateSchema => TemplateSchemas.Commonsense;

    /// <summary>Takes the question apart; throws <see cref="BadRowException"/> when the text does not fit.</summary>
    protected abstract ParsedQuestion Parse(string instruction);

    /// <summary>The "input" for the prompt (BoolQ passages); null uses the plain prompt.</summary>
    protected virtual Func<int, string?> InputsFor(string split, DataFile file, IReadOnlyList<JsonRow> rows,
        BenchmarkLoadRequest request, BenchmarkDataBuilder data, CancellationToken ct) => _ => null;

    public BenchmarkData Load(BenchmarkLoadRequest request, CancellationToken ct)
    {
        var template = TemplateSchemas.Resolve(TemplateSchema, request);
        var data = new BenchmarkDataBuilder(Name, template.Info, request.SkipBadRows);
        foreach (var (split, path) in LlmAdaptersFiles.Locate(request))
        {
            var file = data.Read(path, ct);
            var rows = JsonArrayReader.Read(file);
            var inputs = InputsFor(split, file, rows, request, data, ct);
            data.SetSplit(split, data.Rows(file, rows, row => row.Line, (row, rowIndex) =>
            {
                var instruction = row.RequiredString("instruction");
                var answer = row.RequiredString("answer").Trim();
                var question = Parse(instruction);
                var gold = IndexOf(question.Labels, answer)
                    ?? throw new BadRowException($"answer '{answer}' is not one of {string.Join("/", question.Labels)}.");
                return CommonsenseItemBuilder.Build(template, $"{Name}:{split}:{rowIndex}", instruction, inputs(rowIndex), question, gold);
            }, ct));
        }
        return data.Build();
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

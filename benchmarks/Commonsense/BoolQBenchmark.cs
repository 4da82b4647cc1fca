using SvDecode.Eval.Data;

namespace SvDecode.Eval.Benchmarks.Commonsense;

/// <summary>
/// BoolQ in the LLM-Adapters format (no passage). With <c>PassagesPath</c> (a JSON array of {question, answer, passage}
/// row-aligned with the evaluation file) the passage becomes the prompt's input; the rows are checked to match.
/// </summary>
public sealed class BoolQBenchmark : LlmAdaptersBenchmark
{
    private const string Prefix = "Please answer the following question with true or false, question: ";

    public override string Name => "boolq";

    public override string Description => "BoolQ (yes/no questions), LLM-Adapters format; passages optional (row-aligned file)";

    public override IReadOnlyList<string> Formats { get; } =
    [
        "LLM-Adapters JSON array of {instruction, input, output, answer} (test.json / train.json, or a folder holding them)",
        "passages: JSON array of {question, answer: bool, passage}, row-aligned with the evaluation file",
    ];

    protected override ParsedQuestion Parse(string instruction) => InstructionParser.ParseTrueFalse(instruction, Prefix);

    protected override Func<int, string?> InputsFor(string split, DataFile file, IReadOnlyList<JsonRow> rows,
        BenchmarkLoadRequest request, BenchmarkDataBuilder data, CancellationToken ct)
    {
        // The passage file is aligned with the evaluation split only (BoolQ's dev set).
        if (request.PassagesPath is null || split != BenchmarkSplits.Test)
        {
            return _ => null;
        }
        var passageFile = data.Read(request.PassagesPath, ct);
        var passages = JsonArrayReader.Read(passageFile);
        if (passages.Count != rows.Count)
        {
            throw new InputException($"{passageFile.Path}: {passages.Count} passages for {rows.Count} rows in {file.Path}; the files must be row-aligned.");
        }
        var texts = new string?[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            var passageRow = passages[i];
            try
            {
                var question = passageRow.RequiredString("question");
                texts[i] = passageRow.RequiredString("passage");
                // Compare with the instruction's question only when the row itself is readable; bad rows are reported there.
                var instruction = rows[i].Value.TryGetProperty("instruction", out var value) && value.ValueKind == System.Text.Json.JsonValueKind.String
                    ? value.GetString()! : null;
                if (instruction is not null && instruction.StartsWith(Prefix, StringComparison.Ordinal)
                    && !Normalize(instruction[Prefix.Length..].Split("\n\n")[0]).Equals(Normalize(question), StringComparison.Ordinal))
                {
                    throw new BadRowException($"question '{question}' does not match row {i} of {file.Path} (line {rows[i].Line}); the files must be row-aligned.");
                }
            }
            catch (BadRowException e)
            {
                throw new InputException($"{passageFile.Path}:{passageRow.Line}: {e.Message}", e);
            }
        }
        return i => texts[i];
    }

    private static string Normalize(string question) => question.Trim().TrimEnd('?').Trim().ToLowerInvariant();
}
